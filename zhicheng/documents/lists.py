"""Lists printed in landscape and exported to Excel (名单): the title-confirmation list
(资格确认人员名单, SPEC D2), the pre-meeting filing list and the result publicity lists
(SPEC D4). The domain apps choose the columns; these only lay them out."""

from __future__ import annotations

from dataclasses import dataclass

from zhicheng.documents.rendering import CellValue, cell_text, display_width, render_pdf, render_xlsx

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
    """Landscape A4; the header row repeats on every page."""
    rows = [[str(cell_text(value)) for value in row] for row in document.rows]
    return render_pdf("documents/list.html", {
        "document": document,
        "rows": rows,
        "short_column_numbers": [
            number for number in range(1, len(document.columns) + 1)
            if all(display_width(row[number - 1]) <= SHORT_CELL_WIDTH for row in rows)
        ],
    })


def list_xlsx(document: ListDocument) -> bytes:
    return render_xlsx(
        document.title,
        document.columns,
        document.rows,
        heading_lines=document.subtitle_lines,
        footer_lines=document.footer_lines,
    )
