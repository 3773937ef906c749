"""File intake: reading a user's file, recognising its headers, checking every row
(:mod:`~geo.intake.io`, :mod:`~geo.intake.headers`, :mod:`~geo.intake.validate`,
:mod:`~geo.intake.diff`, with the bounded readers :mod:`~geo.intake._archive`,
:mod:`~geo.intake._vector`, :mod:`~geo.intake._xlsx`). The blank templates to fill in are
workbooks in the reader's language: :mod:`geo.export.templates`.
"""
