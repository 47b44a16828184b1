"""The API groups of a client as attributes (``client.products``, ``client.sales_orders``...).

Each is made on first use and kept (copies made by ``with_options`` make their own, bound to
their own settings).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, cast

from .resources.addresses import Addresses
from .resources.carts import Carts
from .resources.cisco_dart import CiscoDart
from .resources.custom_configs import CustomConfigs
from .resources.customers import Customers
from .resources.invoices import Invoices
from .resources.partner_profile import PartnerProfiles
from .resources.products import Products
from .resources.rmas import Rmas
from .resources.sales_orders import SalesOrders
from .resources.spa import Spa
from .resources.system_central import SystemCentral
from .resources.vendor_orders import VendorOrders
from .resources.vendor_quotes import VendorQuotes
from .resources.vendor_usage import VendorUsage
from .resources.webhooks import Webhooks

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
    def customers(self) -> Customers:
        """Customer accounts: ``get``, ``credit_data``, ``payers``."""
        return Customers(self._as_client)

    @cached_property
    def products(self) -> Products:
        """Pricing and availability for any number of items, search and detail."""
        return Products(self._as_client)

    @cached_property
    def partner_profile(self) -> PartnerProfiles:
        """The developer's partner profile: ``get``, ``validate``."""
        return PartnerProfiles(self._as_client)

    @cached_property
    def sales_orders(self) -> SalesOrders:
        """Sales orders: ``create``, ``find``, ``wait_for``, ``list``, ``summary``, ``detail``,
        ``serials``, ``ship_quote``, ``vrd``, ``cancel``, ``tracking``."""
        return SalesOrders(self._as_client)

    @cached_property
    def addresses(self) -> Addresses:
        """Address collections: ``get``, ``exists``, ``create``, ``update``, ``copy``."""
        return Addresses(self._as_client)

    @cached_property
    def carts(self) -> Carts:
        """Shopping carts in caller-keyed collections, and their checkout info."""
        return Carts(self._as_client)

    @cached_property
    def invoices(self) -> Invoices:
        """Invoices: ``summary`` and ``list`` (paged), ``detail``, ``pdf``."""
        return Invoices(self._as_client)

    @cached_property
    def spa(self) -> Spa:
        """Special pricing agreements: ``create``, ``summary``, ``detail``."""
        return Spa(self._as_client)

    @cached_property
    def rmas(self) -> Rmas:
        """Returns: ``create``."""
        return Rmas(self._as_client)

    @cached_property
    def webhooks(self) -> Webhooks:
        """Webhook subscriptions: ``list``, ``subscribe``, ``delete``."""
        return Webhooks(self._as_client)

    @cached_property
    def vendor_quotes(self) -> VendorQuotes:
        """Vendor quotes: ``get``, ``list``."""
        return VendorQuotes(self._as_client)

    @cached_property
    def vendor_orders(self) -> VendorOrders:
        """Vendor subscriptions: ``subscription``."""
        return VendorOrders(self._as_client)

    @cached_property
    def vendor_usage(self) -> VendorUsage:
        """Vendor usage billed per invoice: ``get``."""
        return VendorUsage(self._as_client)

    @cached_property
    def cisco_dart(self) -> CiscoDart:
        """Cisco deals (DART): ``summary``, ``detail``."""
        return CiscoDart(self._as_client)

    @cached_property
    def custom_configs(self) -> CustomConfigs:
        """Custom configurations: ``list``."""
        return CustomConfigs(self._as_client)

    @cached_property
    def system_central(self) -> SystemCentral:
        """System Central logs: ``summary`` (paged)."""
        return SystemCentral(self._as_client)
