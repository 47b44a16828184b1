"""Customer and partner-profile models (shapes beyond the seeds' descriptions are unverified)."""

from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = ["CreditData", "Customer", "PartnerProfile", "PartnerProfileValidation", "Payer"]


@attrs.frozen(kw_only=True)
class Customer:
    """A customer account: the API confirms it exists and returns its name."""

    customer_number: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class CreditData:
    """A customer's standing: status, revenue and credit."""

    customer_number: str | None = None
    region: str | None = None
    status: str | None = None
    currency_code: str | None = None
    credit_limit: Decimal | None = None
    credit_available: Decimal | None = None
    open_order_amount: Decimal | None = None
    revenue_ytd: Decimal | None = None
    revenue_last_year: Decimal | None = None


@attrs.frozen(kw_only=True)
class Payer:
    """A party that pays a customer's invoices."""

    payer_number: str | None = None
    name: str | None = None
    business_unit: str | None = None


@attrs.frozen(kw_only=True)
class PartnerProfile:
    """The developer's partner profile."""

    developer_email: str | None = None
    company_name: str | None = None
    customer_numbers: tuple[str, ...] = ()
    apis: tuple[str, ...] = ()
    active: bool | None = None


@attrs.frozen(kw_only=True)
class PartnerProfileValidation:
    """Whether the profile may use an API resource."""

    is_valid: bool | None = None
    message: str | None = None
