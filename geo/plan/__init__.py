"""A plan and its year of work: the lifecycle of a chosen community, accounts and roles
(:mod:`~geo.plan.auth`), records of activities, people and agreements,
progress, evaluation and the next cycle; :mod:`~geo.plan.year_demo` simulates a year of
records. Saved in the database by :mod:`geo.store`.
"""
