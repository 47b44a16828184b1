"""Invoice PDFs: a small, valid, deterministic document per invoice."""

from __future__ import annotations

from ._customers import SimulatedCustomer
from ._json import money_decimal
from ._records import Invoice

__all__ = ["invoice_pdf"]


def _pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def invoice_pdf(invoice: Invoice, customer: SimulatedCustomer) -> bytes:
    """A small, valid, deterministic one-page PDF of an invoice (WinAnsi text, so the bytes
    include non-ASCII characters such as the en dash and the currency sign)."""
    sign = "€" if invoice.order.currency == "EUR" else "$"
    rows = [
        f"ScanSource – Invoice {invoice.number}",
        f"Date {invoice.invoice_date.isoformat()}   Due {invoice.due_date.isoformat()}",
        f"Bill to: {customer.name} ({customer.number})",
        f"Sales order {invoice.order.number}   PO {invoice.order.po_number or '–'}",
        "",
    ]
    for line in invoice.lines:
        rows.append(
            f"{line.quantity} × {line.line.item_number}  {line.line.description[:40]}"
            f"  {sign}{money_decimal(line.extended_cents)}"
        )
    rows += [
        "",
        f"Subtotal {sign}{money_decimal(invoice.sub_total_cents)}"
        f"   Freight {sign}{money_decimal(invoice.freight_cents)}"
        f"   Tax {sign}{money_decimal(invoice.tax_cents)}",
        f"Total {sign}{money_decimal(invoice.total_cents)} {invoice.order.currency}",
        "Vielen Dank für Ihren Auftrag · Merci · ¡Gracias!",
    ]
    content = b"BT /F1 11 Tf 56 740 Td 15 TL\n" + b"".join(
        _pdf_text(row) + b" Tj T*\n" for row in rows
    ) + b"ET\n"  # fmt: skip
    day = invoice.invoice_date.strftime("%Y%m%d")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Title " + _pdf_text(f"Invoice {invoice.number}")
        + b" /Producer (scansource_async simulator) /CreationDate (D:" + day.encode()
        + b"000000Z) >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
