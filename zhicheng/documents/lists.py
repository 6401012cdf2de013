"""Lists printed in landscape and exported to Excel (名单): the title-confirmation list
(资格确认人员名单, SPEC D2), the pre-meeting filing list and the result publicity lists
(SPEC D4). The domain apps choose the columns; these only lay them out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from zhicheng.documents.rendering import LANDSCAPE, CellValue, PiecedPdf, cell_text, display_width, render_xlsx, write_pdf

# Cells no wider than a full date (2022年10月20日) stay on one line; long texts wrap.
SHORT_CELL_WIDTH = 16


@dataclass(frozen=True)
class ListDocument:
    """A titled table with lines above (subtitle) and below (footer, e.g.
    ``制表单位：…  制表日期：…``). Dates in rows are shown as Chinese dates."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    subtitle_lines: tuple[str, ...] = ()
    footer_lines: tuple[str, ...] = ()

    def __post_init__(self):
        for number, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(f"{self.title}：第{number}行有{len(row)}项，表头有{len(self.columns)}列")


def list_pdf(document: ListDocument) -> bytes:
    output = io.BytesIO()
    write_pdf(list_pdf_document(document), output)
    return output.getvalue()


def list_pdf_document(document: ListDocument) -> PiecedPdf:
    """Landscape A4; the header row repeats on every page.  Laid out DOCUMENT_PIECE_ROWS rows
    a piece, every piece with the same column widths (from the whole list)."""
    rows = [[str(cell_text(value)) for value in row] for row in document.rows]
    size = settings.DOCUMENT_PIECE_ROWS
    starts = range(0, max(len(rows), 1), size)
    layout = {
        "document": document,
        "column_widths": _column_shares(document.columns, rows),
        "short_column_numbers": [
            number for number in range(1, len(document.columns) + 1)
            if all(display_width(row[number - 1]) <= SHORT_CELL_WIDTH for row in rows)
        ],
    }

    def context(number: int) -> dict:
        start = starts[number]
        return {**layout, "rows": rows[start:start + size], "first": start == 0, "last": start + size >= len(rows)}

    return PiecedPdf("documents/list.html", title=document.title, page=LANDSCAPE,
                     sizes=tuple(len(rows[start:start + size]) for start in starts), context=context)


def _column_shares(columns: Sequence[str], rows: list[list[str]]) -> list[str]:
    """Each column's share of the width, from its widest line (header included), between
    a narrow and a wide bound so that long texts wrap; as CSS percentages."""
    widths = [
        min(max(SHORT_CELL_WIDTH // 4, *(display_width(line) for value in (column, *(row[index] for row in rows))
                                        for line in value.splitlines())), 3 * SHORT_CELL_WIDTH)
        for index, column in enumerate(columns)
    ]
    return [f"{100 * width / sum(widths):.2f}%" for width in widths]


def list_xlsx(document: ListDocument) -> bytes:
    return render_xlsx(
        document.title,
        document.columns,
        document.rows,
        heading_lines=document.subtitle_lines,
        footer_lines=document.footer_lines,
    )
