#!/usr/bin/env python3
"""Tests of check-package-graph.py on a small package made up for each case (run by `make lint`)."""
import importlib.util
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("check", os.path.join(HERE, "check-package-graph.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)

TABLE = """| Target | Layer | Folder | What |
|---|---|---|---|
| `CThing` | C | `Sources/C/CThing` | shim |
| `Low` | system | `Sources/System/Low` | low |
| `High` | flows | `Sources/Flows/High` | high |
"""


def target(name, path, deps=(), kind="regular", products=()):
    dependencies = [{"byName": [d, None]} for d in deps]
    dependencies += [{"product": [p, "some-package", None, None]} for p in products]
    return {"name": name, "path": path, "type": kind, "dependencies": dependencies}


class PackageGraphTests(unittest.TestCase):
    def run_check(self, targets, sources, table=TABLE, packages=None, readme=None):
        if packages is None:
            packages = [{"sourceControl": [{"identity": "some-package"}]}]
        with tempfile.TemporaryDirectory() as root:
            for path, text in sources.items():
                os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            dump = os.path.join(root, "package.json")
            with open(dump, "w", encoding="utf-8") as f:
                json.dump({"targets": targets, "dependencies": packages}, f)
            docs = os.path.join(root, "architecture.md")
            with open(docs, "w", encoding="utf-8") as f:
                f.write(table)
            readme_path = None
            if readme is not None:
                readme_path = os.path.join(root, "README.md")
                with open(readme_path, "w", encoding="utf-8") as f:
                    f.write(readme)
            out = io.StringIO()
            with redirect_stdout(out):
                status = check.check_package(dump, docs, root, readme_path)
            return status, out.getvalue()

    def good_targets(self):
        return [
            target("CThing", "Sources/C/CThing", kind="system"),
            target("Low", "Sources/System/Low", deps=["CThing"]),
            target("High", "Sources/Flows/High", deps=["Low"], products=["Logging"]),
            target("HighTests", None, deps=["High"], kind="test"),
        ]

    def good_sources(self):
        return {
            "Sources/System/Low/A.swift": "internal import CThing\nimport Foundation\n",
            "Sources/Flows/High/B.swift": "import Low\n@preconcurrency import Logging\nimport struct Foundation.Date\n",
            "Tests/HighTests/T.swift": "@testable import High\nimport Testing\n",
        }

    def test_a_sound_package_passes(self):
        status, out = self.run_check(self.good_targets(), self.good_sources())
        self.assertEqual(status, 0, out)
        self.assertIn("4 targets in their layers", out)

    def test_a_dependency_up_a_layer_fails(self):
        targets = self.good_targets()
        targets[1]["dependencies"].append({"byName": ["High", None]})
        sources = self.good_sources()
        sources["Sources/System/Low/C.swift"] = "import High\n"
        status, out = self.run_check(targets, sources)
        self.assertEqual(status, 1)
        self.assertIn("Low (system) depends on High (flows), a higher layer", out)

    def fuzz_package(self):
        table = TABLE + ("| `Sim` | simulation | `Simulators/Sim` | sim |\n"
                         "| `FuzzLib` | fuzz | `Fuzz/FuzzLib` | entry points |\n"
                         "| `fuzz-high` | fuzz | `Fuzz/fuzz-high` | fuzzes High |\n")
        targets = self.good_targets() + [
            target("Sim", "Simulators/Sim", deps=["High"]),
            target("FuzzLib", "Fuzz/FuzzLib", deps=["High"]),
            target("fuzz-high", "Fuzz/fuzz-high", deps=["FuzzLib"], kind="executable"),
            target("FuzzLibTests", None, deps=["FuzzLib"], kind="test"),
        ]
        sources = self.good_sources()
        sources.update({
            "Simulators/Sim/S.swift": "import High\n",
            "Fuzz/FuzzLib/F.swift": "import High\n",
            "Fuzz/fuzz-high/main.swift": "import FuzzLib\n",
            "Tests/FuzzLibTests/T.swift": "import FuzzLib\n",
        })
        return table, targets, sources

    def test_fuzz_targets_use_shipped_code_and_only_tests_use_them(self):
        table, targets, sources = self.fuzz_package()
        status, out = self.run_check(targets, sources, table)
        self.assertEqual(status, 0, out)

    def test_a_fuzz_target_using_a_simulator_fails(self):
        table, targets, sources = self.fuzz_package()
        targets[-3]["dependencies"].append({"byName": ["Sim", None]})
        sources["Fuzz/FuzzLib/G.swift"] = "import Sim\n"
        status, out = self.run_check(targets, sources, table)
        self.assertEqual(status, 1)
        self.assertIn("FuzzLib (fuzz) depends on Sim (simulation), a layer fuzz is kept apart from", out)

    def test_a_simulator_using_a_fuzz_target_fails(self):
        table, targets, sources = self.fuzz_package()
        targets[-4]["dependencies"].append({"byName": ["FuzzLib", None]})
        sources["Simulators/Sim/T.swift"] = "import FuzzLib\n"
        status, out = self.run_check(targets, sources, table)
        self.assertEqual(status, 1)
        self.assertIn("Sim (simulation) depends on FuzzLib (fuzz), a layer kept apart: only fuzz and tests", out)

    def test_an_undeclared_import_fails(self):
        sources = self.good_sources()
        sources["Sources/System/Low/C.swift"] = "package import Hidden\n"
        status, out = self.run_check(self.good_targets(), sources)
        self.assertEqual(status, 1)
        self.assertIn("imports Hidden, which target Low does not declare", out)

    def test_an_unused_dependency_fails(self):
        sources = self.good_sources()
        sources["Sources/Flows/High/B.swift"] = "import Low\n"
        status, out = self.run_check(self.good_targets(), sources)
        self.assertEqual(status, 1)
        self.assertIn("High declares Logging but no file of it imports Logging", out)

    def test_an_unused_package_fails(self):
        packages = [{"sourceControl": [{"identity": "some-package"}]}, {"sourceControl": [{"identity": "swift-nio"}]}]
        status, out = self.run_check(self.good_targets(), self.good_sources(), packages=packages)
        self.assertEqual(status, 1)
        self.assertIn("package dependency swift-nio is used by no target", out)

    def test_the_readme_layout_must_name_exactly_the_targets(self):
        good = ("# x\n## Layout\n\n```\nSources/\n  C/      shims\n    CThing    a shim\n  System/\n"
                "    Low       low\n                continued text  with  gaps\n  Flows/\n    High\n```\n")
        status, out = self.run_check(self.good_targets(), self.good_sources(), readme=good)
        self.assertEqual(status, 0, out)
        stale = good.replace("    High\n", "    Gone      removed long ago\n")
        status, out = self.run_check(self.good_targets(), self.good_sources(), readme=stale)
        self.assertEqual(status, 1)
        self.assertIn("does not list target High", out)
        self.assertIn("lists Gone, which is not a target", out)

    def test_a_target_without_a_row_or_outside_its_folder_fails(self):
        targets = self.good_targets()
        targets.append(target("Stray", "Sources/Stray"))
        targets[1]["path"] = "Sources/Low"
        status, out = self.run_check(targets, self.good_sources())
        self.assertEqual(status, 1)
        self.assertIn("target Stray has no row", out)
        self.assertIn("target Low is in Sources/Low, ", out)

    def test_an_unknown_layer_and_a_row_without_target_fail(self):
        table = TABLE + "| `Ghost` | middleware | `Sources/Ghost` | gone |\n"
        status, out = self.run_check(self.good_targets(), self.good_sources(), table)
        self.assertEqual(status, 1)
        self.assertIn("`Ghost` has a row but is not a target", out)
        self.assertIn("`Ghost` has layer 'middleware'", out)


if __name__ == "__main__":
    unittest.main()
