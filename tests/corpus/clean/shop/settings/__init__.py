"""Django settings: base.py is shared, production.py is deployed, dev.py and test.py are local."""
