"""Messages of parameters checked at the boundary (:mod:`geo.core._validation`): the generic
texts a declared constraint uses when it names no message of its own."""

STRINGS: dict[str, tuple[str, str]] = {
    "params.interval": (
        "{name} 须在 {range} 之间，现为 {value}",
        "{name} must be in {range}, got {value}",
    ),
    "params.number": ("{name} 须为数字，现为 {value}", "{name} must be a number, got {value}"),
    "params.whole": ("{name} 须为整数，现为 {value}", "{name} must be a whole number, got {value}"),
    "params.options": (
        "{name} 须为 {choices} 之一，现为 {value}",
        "{name} must be one of {choices}, got {value}",
    ),
    "params.non_negative": ("{column} 不能为负数", "{column} must be non-negative"),
    "params.positive": ("{column} 须大于 0，现为 {value}", "{column} must be > 0, got {value}"),
    "params.mapping": (
        "{name} 须为“名称 → 值”的对应表，现为 {value}",
        "{name} must be a mapping of names to values, got {value}",
    ),
}
