"""Services of the movement "Toàn dân bảo vệ an ninh Tổ quốc".

Rules: every write checks the writer's reach (`movement.access`), validates its
dates (in order, none in the future, the unit existing on the date), stores its
files checked by `core.uploads` and writes its audit entry in one transaction,
or changes nothing. The modules: `grassroots` (models, their replication and
yearly assessment), `exemplary`, `outreach`, `teams` (Law 30/2023), `safety`
(TT 124/2021 recognition), `overview` (the totals), `files`, `common`.
"""
