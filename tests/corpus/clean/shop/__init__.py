"""The shop: catalogue, orders, payments and the jobs around them."""

__version__ = "1.4.0"
