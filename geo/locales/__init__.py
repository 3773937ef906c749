"""String catalogues: one module per area, each defining ``STRINGS = {key: (zh, en)}``."""
