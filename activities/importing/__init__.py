"""Bulk import of activities and their funding lines from a spreadsheet (XLSX or CSV).

- ``reading``: the file's checks (type, size, zip bomb, sheets, rows) and its rows, streamed.
- ``columns``: which header is which field (the template's and the funding export's).
- ``checking``: every row through the staff forms and the models (one validation path),
  grouped into activities, each error named by row and column.
- ``services``: preview, commit (one transaction) and undo of a batch; ``jobs`` runs
  big files in the background.
- ``template``: the XLSX to fill in.
"""
