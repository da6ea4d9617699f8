from __future__ import annotations

import pytest

from svidok import plugins


def test_plugins_string_target_is_imported_on_first_use() -> None:
    plugins.register("test-kind", "json-dumps", "json:dumps")
    assert plugins.get("test-kind", "json-dumps")([1]) == "[1]"


def test_plugins_missing_module_is_plugin_missing() -> None:
    plugins.register("test-kind", "absent", "svidok_no_such_module:thing")
    with pytest.raises(plugins.PluginMissing, match="svidok_no_such_module"):
        plugins.get("test-kind", "absent")


def test_plugins_unknown_name_lists_registered_ones() -> None:
    plugins.register("test-kind2", "one", "json:dumps")
    with pytest.raises(plugins.PluginError, match="registered: one"):
        plugins.get("test-kind2", "two")


def test_plugins_builtin_stages_are_registered_by_name() -> None:
    for kind in ("reader", "neardup", "extract", "link"):
        assert "svidok" in plugins.names(kind) or "minhash" in plugins.names(kind)
