"""The API groups of a client as attributes (``client.products``, ``client.sales_orders``...).

Each is made on first use and kept (copies made by ``with_options`` make their own, bound to
their own settings).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, cast

from .resources.addresses import AddressesResource
from .resources.carts import CartsResource
from .resources.cisco_dart import CiscoDartResource
from .resources.custom_configs import CustomConfigsResource
from .resources.customers import CustomersResource
from .resources.invoices import InvoicesResource
from .resources.partner_profile import PartnerProfileResource
from .resources.products import ProductsResource
from .resources.rmas import RmasResource
from .resources.sales_orders import SalesOrdersResource
from .resources.spa import SpaResource
from .resources.system_central import SystemCentralResource
from .resources.vendor_orders import VendorOrdersResource
from .resources.vendor_quotes import VendorQuotesResource
from .resources.vendor_usage import VendorUsageResource
from .resources.webhooks import WebhooksResource

if TYPE_CHECKING:
    from ._client import ScanSourceClient

__all__ = ["ResourceGroups"]


class ResourceGroups:
    """The resources of :class:`ScanSourceClient`, one attribute per API group."""

    @property
    def _as_client(self) -> ScanSourceClient:
        # ScanSourceClient is the only class made of these groups.
        return cast("ScanSourceClient", self)

    @cached_property
    def customers(self) -> CustomersResource:
        """Customer accounts: ``get``, ``credit_data``, ``payers``."""
        return CustomersResource(self._as_client)

    @cached_property
    def products(self) -> ProductsResource:
        """Pricing and availability for any number of items, search and detail."""
        return ProductsResource(self._as_client)

    @cached_property
    def partner_profile(self) -> PartnerProfileResource:
        """The developer's partner profile: ``get``, ``validate``."""
        return PartnerProfileResource(self._as_client)

    @cached_property
    def sales_orders(self) -> SalesOrdersResource:
        """Sales orders: ``create``, ``find``, ``wait_for``, ``list``, ``summary``, ``detail``,
        ``serials``, ``ship_quote``, ``vrd``, ``cancel``, ``tracking``."""
        return SalesOrdersResource(self._as_client)

    @cached_property
    def addresses(self) -> AddressesResource:
        """Address collections: ``get``, ``exists``, ``create``, ``update``, ``copy``."""
        return AddressesResource(self._as_client)

    @cached_property
    def carts(self) -> CartsResource:
        """Shopping carts in caller-keyed collections, and their checkout info."""
        return CartsResource(self._as_client)

    @cached_property
    def invoices(self) -> InvoicesResource:
        """Invoices: ``summary`` and ``list`` (paged), ``detail``, ``pdf``."""
        return InvoicesResource(self._as_client)

    @cached_property
    def spa(self) -> SpaResource:
        """Special pricing agreements: ``create``, ``summary``, ``detail``."""
        return SpaResource(self._as_client)

    @cached_property
    def rmas(self) -> RmasResource:
        """Returns: ``create``."""
        return RmasResource(self._as_client)

    @cached_property
    def webhooks(self) -> WebhooksResource:
        """Webhook subscriptions: ``list``, ``subscribe``, ``delete``."""
        return WebhooksResource(self._as_client)

    @cached_property
    def vendor_quotes(self) -> VendorQuotesResource:
        """Vendor quotes: ``get``, ``list``."""
        return VendorQuotesResource(self._as_client)

    @cached_property
    def vendor_orders(self) -> VendorOrdersResource:
        """Vendor subscriptions: ``subscription``."""
        return VendorOrdersResource(self._as_client)

    @cached_property
    def vendor_usage(self) -> VendorUsageResource:
        """Vendor usage billed per invoice: ``get``."""
        return VendorUsageResource(self._as_client)

    @cached_property
    def cisco_dart(self) -> CiscoDartResource:
        """Cisco deals (DART): ``summary``, ``detail``."""
        return CiscoDartResource(self._as_client)

    @cached_property
    def custom_configs(self) -> CustomConfigsResource:
        """Custom configurations: ``list``."""
        return CustomConfigsResource(self._as_client)

    @cached_property
    def system_central(self) -> SystemCentralResource:
        """System Central logs: ``summary`` (paged)."""
        return SystemCentralResource(self._as_client)
