#!/usr/bin/env python3
"""The floor for scripts/bench.sh: a bare polars read of the base and the
export (every column a string, nothing normalised), a left join of the
export to the base on the ID column, the joined rows written to CSV.
Prints the number of rows written.

    python3 scripts/bare_join.py BASE.csv INPUT.csv OUT.csv [BASE_ID INPUT_ID]

The ID columns default to the first known ID header found in each file
(the generator's: so_dinh_danh in the base, so_giay_to / so_cccd in exports).
Threads: POLARS_MAX_THREADS (bench.sh sets it to its thread count).
"""
import sys

import polars as pl

ID_HEADERS = ["so_dinh_danh", "so_giay_to", "so_cccd", "cccd", "so_cccd_cmnd", "cmnd"]


def id_column(headers, given, path):
    if given:
        return given
    for h in ID_HEADERS:
        if h in headers:
            return h
    sys.exit(f"{path}: no ID column among {', '.join(headers)}; give it as an argument")


def main(argv):
    if len(argv) not in (4, 6):
        sys.exit(__doc__)
    base_path, input_path, out_path = argv[1:4]
    base = pl.read_csv(base_path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True)
    export = pl.read_csv(input_path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True)
    base_id = id_column(base.columns, argv[4] if len(argv) == 6 else None, base_path)
    input_id = id_column(export.columns, argv[5] if len(argv) == 6 else None, input_path)
    joined = export.join(base, left_on=input_id, right_on=base_id, how="left", suffix="_base")
    joined.write_csv(out_path)
    print(joined.height)


if __name__ == "__main__":
    main(sys.argv)
