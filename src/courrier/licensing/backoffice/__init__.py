"""The publisher's back office for subscribers, in the Wagtail admin: organisations (their
domains, IP ranges, licences, members and licence ledger) and the queue of trial requests.

Registered by `licensing/wagtail_hooks.py`; every change goes through `licensing.actions`.
"""
