"""Pure legal computation: the work calendar, time limits and procedural clocks.

Nothing in this package imports Django (``tests/law/test_purity.py`` checks it): it
takes dataclasses and dates in and gives dataclasses and dates out, so the service
layer, the API, the commands and the benchmarks can all share it and it is tested
without a database.

- ``calendar``: days off (weekends, public holidays with lunar Tết, days the
  government declares) and working days (make-up Saturdays).
- ``timelimits``: how a limit in days or months is counted (BLTTHS Điều 134, Bộ luật
  Dân sự Điều 147).
- ``reports``: the clock of a piece of crime information — nguồn tin về tội phạm
  (BLTTHS Điều 145–149, TTLT 01/2017, TT 28/2020).
- ``penal_code``: the Penal Code catalogue (data in ``data/penal_code.json``,
  versioned by date of effect) and the crime category of a clause (BLHS Điều 9).
- ``cases``: the clock of a criminal case through investigation, prosecution and
  trial preparation (BLTTHS Điều 172, 240, 277).
"""
