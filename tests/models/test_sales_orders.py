"""Every order and address field round-trips through the converter from the developer portal's
JSON sample (api-notes.md, "SalesOrder"): structure, then unstructure, gives the sample back."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from scansource_async import (
    Address,
    Delivery,
    OrderError,
    Parcel,
    SalesOrder,
    SalesOrderStatus,
    SalesOrderSummary,
    ScheduleLine,
    ShipQuote,
    VrdField,
)
from scansource_async._convert import structure, unstructure

ADDRESS = {
    "Name": "Northwind Traders", "Attn": "Receiving", "Street1": "12 Market St",
    "Street2": "Suite 4", "City": "Greenville", "State": "SC", "PostalCode": "29601",
    "Country": "US",
}  # fmt: skip

DETAIL = """{
  "SalesOrderNumber": "5012345678", "PONumber": "PO-1001", "EndUserPO": "EU-77",
  "ReferenceNumber": "REF-9", "DocType": "Order", "Status": "Partially Shipped",
  "DateEntered": "2026-03-01T08:30:00", "LastShipDate": "2026-03-04T00:00:00",
  "Memo": "dock 4", "BillingAddress": BILLING, "ShippingAddress": SHIPPING,
  "SalesRepName": "Jordan Reyes", "SalesRepEmail": "jordan.reyes@example.com",
  "InsuranceAmount": 0.00, "TaxAmount": 12.34, "FreightAmount": 19.95, "Total": 1234.56,
  "Currency": "USD", "EnteredByEmail": "buyer@example.com",
  "ShippingOptionDescription": "UPS Ground",
  "SalesOrderLines": [{
    "LineNumber": 1, "POLineNumber": "10", "ReferenceLineNumber": "A", "ItemNumber": "SS1",
    "ProductMfrPart": "MFR-1", "CustomerPartNumber": "CP-1", "ProductDescription": "Scanner",
    "Ordered": 5, "Committed": 2, "BackOrdered": 1, "Shipped": 2, "Canceled": 0,
    "RejectReason": "None", "Price": 199.99, "Currency": "USD",
    "SerialNumbers": ["SN1", "SN2"],
    "ScheduleLines": [{"EstimatedShipDate": "2026-03-09", "Confirmed": true}]
  }],
  "InvoiceNumbers": ["8000000001"], "TrackingNumbers": ["1Z999"],
  "Deliveries": [{
    "DeliveryDocumentNumber": "D8000000001", "DeliveryStatus": "Shipped",
    "Parcels": [{"CartonNumber": "C1", "CarrierCode": "UPS", "TrackingType": "Parcel",
                 "TrackingNumber": "1Z999", "Weight": 3.50, "WeightUOM": "LB"}],
    "LineItems": [{"LineNumber": 1, "ItemNumber": "SS1", "Quantity": 2}],
    "ShippedDate": "2026-03-04T00:00:00"
  }]
}""".replace("BILLING", json.dumps({**ADDRESS, "Attn": "Accounts Payable"})).replace(
    "SHIPPING", json.dumps(ADDRESS)
)


def loads(text: bytes) -> Any:
    """JSON as the client reads it: fractions as Decimal."""
    return json.loads(text, parse_float=Decimal)


def _as_sent(value: Any) -> Any:
    """The JSON value the way unstructure writes it (Decimal money, ISO text dates)."""
    return loads(json.dumps(value).encode())


def test_every_detail_field_round_trips() -> None:
    raw = loads(DETAIL.encode())
    order = structure(raw, SalesOrder)
    assert order.billing_address == Address(**{**_snake(ADDRESS), "attn": "Accounts Payable"})
    assert order.shipping_address == Address(**_snake(ADDRESS))
    assert order.status is SalesOrderStatus.PARTIALLY_SHIPPED
    assert order.total == Decimal("1234.56") and order.tax_amount == Decimal("12.34")
    [line] = order.sales_order_lines
    assert (line.ordered, line.committed, line.back_ordered, line.shipped, line.canceled) == (
        5, 2, 1, 2, 0,
    )  # fmt: skip
    assert line.price == Decimal("199.99")
    assert line.serial_numbers == ("SN1", "SN2")
    assert line.schedule_lines == (
        ScheduleLine(estimated_ship_date=date(2026, 3, 9), confirmed=True),
    )
    assert order.deliveries == (
        Delivery(
            delivery_document_number="D8000000001",
            delivery_status="Shipped",
            parcels=(
                Parcel(
                    carton_number="C1",
                    carrier_code="UPS",
                    tracking_type="Parcel",
                    tracking_number="1Z999",
                    weight=Decimal("3.50"),
                    weight_uom="LB",
                ),
            ),
            line_items=order.deliveries[0].line_items,
            shipped_date=datetime(2026, 3, 4),
        ),
    )
    assert order.invoice_numbers == ("8000000001",) and order.tracking_numbers == ("1Z999",)
    assert unstructure(order) == raw  # every field of the sample, nothing lost or renamed


def _snake(fields: dict[str, str]) -> dict[str, str]:
    names = {"PostalCode": "postal_code"}
    return {names.get(k, k.lower()): v for k, v in fields.items()}


def test_address_round_trips_with_the_api_field_names() -> None:
    address = structure({**ADDRESS, "AddressID": "ADDR-1"}, Address)
    assert address.address_id == "ADDR-1" and address.street2 == "Suite 4"
    assert unstructure(address) == {**ADDRESS, "AddressID": "ADDR-1"}


def test_list_rows_read_the_order_number() -> None:
    row = {"OrderNumber": "5012345678", "PONumber": "PO-1", "ReferenceNumber": "R",
           "Status": "Open", "DateEntered": "2026-03-01T08:30:00", "Total": 10.5}  # fmt: skip
    summary = structure(loads(json.dumps(row).encode()), SalesOrderSummary)
    assert summary.order_number == "5012345678"
    assert unstructure(summary) == _as_sent(row)


def test_ship_quote_and_vrd_read_the_gateway_objects() -> None:
    quote = structure(
        loads(b'{"Items": [{"ServiceLevelCode": "UPSGND", "Freight": 12.95}],'
              b' "Errors": [{"ErrorCode": "E1", "ErrorMessage": "no LTL"}]}'),
        ShipQuote,
    )  # fmt: skip
    assert quote.options[0].service_level_code == "UPSGND"
    assert quote.options[0].freight == Decimal("12.95")
    assert quote.errors == (OrderError(code="E1", message="no LTL"),)
    field = structure(
        {"ID": "ENDUSER", "FieldDescription": "End user", "FieldLength": 60, "Required": True,
         "FieldType": "Text", "ComboBoxItems": ["a"]},
        VrdField,
    )  # fmt: skip
    assert (field.id, field.field_length, field.required, field.combo_box_items) == (
        "ENDUSER", 60, True, ("a",),
    )  # fmt: skip
