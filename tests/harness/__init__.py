"""Offline test harness for the crawler: a network jail, fake DNS, a fake clock, a loopback fault server and
a decoy. Reusable by any test: `from tests.harness.fixtures import network_jail, fault_server, decoy`."""
