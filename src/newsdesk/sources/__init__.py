"""Sources: one module per input format, each turning an input into RawRecords (or Skipped reports).

`read_inputs(paths, options)` walks files, folders (recursively), `.gz` files and stdin ("-"), picks
the reader for each input and yields records in canonical order: inputs in the order given (folders
sorted by path), records in the order they appear.
"""
