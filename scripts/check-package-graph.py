#!/usr/bin/env python3
"""Checks Package.swift against the layer table in docs/architecture.md.

- every target of the package (test targets aside: they are all in layer "tests", in Tests/<name>) has a row in the table (and every row names a target), in the folder the
  table gives;
- no target depends on a target of a higher layer;
- layers kept apart (fuzz) are used only by themselves and tests, and use none of the layers they are kept from;
- every module a target imports is declared as its dependency, and every declared dependency is imported;
- every package dependency is used by some target.

- the README's "## Layout" block (when given) names exactly the package's targets other than tests.

Usage: check-package-graph.py PACKAGE_DUMP_JSON [DOCS_MARKDOWN] [PACKAGE_ROOT] [README]
(the JSON is `swift package dump-package`'s output). Exits 1 and lists every violation when there is one.
"""
import json
import os
import re
import sys

# Lowest first; a target may depend on targets of its own layer or a lower one (evaluation sits beside flows,
# fuzz beside simulation).
LAYERS = {"C": 0, "system": 1, "domain": 2, "drivers": 3, "features": 4, "flows": 5, "evaluation": 5,
          "composition": 6, "apps": 7, "simulation": 8, "fuzz": 8, "tools": 9, "tests": 10}
# Layers kept apart: only their own layer and tests may depend on them, and they may not depend on the layers
# named here (the fuzz targets exercise shipped code, never the simulators or the tools).
APART = {"fuzz": {"apps", "simulation", "tools"}}
# Modules of the toolchain and the OS: importing them needs no declared dependency.
PLATFORM_MODULES = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Musl",
                    "Darwin", "Synchronization", "XCTest", "Testing", "os", "_Concurrency", "Swift"}
IMPORT = re.compile(r"^\s*(?:@[\w()]+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?"
                    r"([A-Za-z_][A-Za-z0-9_]*)")
ROW = re.compile(r"^\|\s*`([A-Za-z0-9_-]+)`\s*\|\s*([A-Za-z]+)\s*\|\s*`([^`]+)`\s*\|")


def read_table(markdown_path):
    rows = {}
    with open(markdown_path, encoding="utf-8") as f:
        for line in f:
            match = ROW.match(line)
            if match:
                rows[match.group(1)] = (match.group(2), match.group(3).rstrip("/"))
    return rows


def readme_layout_names(readme_path):
    """The target names listed in the README's "## Layout" code block (lines indented by at most six spaces)."""
    with open(readme_path, encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Layout", 1)[1] if "## Layout" in text else ""
    block = section.split("```", 2)[1] if section.count("```") >= 2 else ""
    names = set()
    for line in block.splitlines():
        match = re.match(r"^ {2,6}([A-Za-z][A-Za-z0-9_-]*)(?:\s{2,}|$)", line)
        if match:
            names.add(match.group(1))
    return names


def default_path(target):
    if target.get("path"):
        return target["path"].rstrip("/")
    return ("Tests/" if target["type"] == "test" else "Sources/") + target["name"]


def declared_dependencies(target):
    names = []
    for dep in target.get("dependencies", []):
        kind, value = next(iter(dep.items()))
        names.append((kind, value[0]))
    return names


def module_name(target):
    return target.replace("-", "_")


def imported_modules(folder):
    modules = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".swift"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                for line in f:
                    match = IMPORT.match(line)
                    if match:
                        modules.setdefault(match.group(1), path)
    return modules


def check_package(dump_path, docs_path, root, readme_path=None):
    with open(dump_path, encoding="utf-8") as f:
        package = json.load(f)
    table = read_table(docs_path)
    targets = {t["name"]: t for t in package["targets"]}
    # Test targets need no row: their layer is always "tests" and their folder Tests/<name>.
    for name, target in targets.items():
        if target["type"] == "test" and name not in table:
            table[name] = ("tests", f"Tests/{name}")
    problems = []

    for name in sorted(set(table) - set(targets)):
        problems.append(f"{docs_path}: `{name}` has a row but is not a target of Package.swift")
    for name, (layer, folder) in sorted(table.items()):
        if layer not in LAYERS:
            problems.append(f"{docs_path}: `{name}` has layer '{layer}', expected one of {', '.join(LAYERS)}")
    for name, target in sorted(targets.items()):
        if name not in table:
            problems.append(f"Package.swift: target {name} has no row in {docs_path}")
            continue
        layer, folder = table[name]
        if default_path(target) != folder:
            problems.append(f"Package.swift: target {name} is in {default_path(target)}, {docs_path} says {folder}")

    rank = {name: LAYERS[layer] for name, (layer, _) in table.items() if layer in LAYERS}
    for name, target in sorted(targets.items()):
        if name not in rank:
            continue
        declared = declared_dependencies(target)
        for kind, dep in declared:
            if kind != "product" and dep in rank and rank[dep] > rank[name]:
                problems.append(f"Package.swift: {name} ({table[name][0]}) depends on {dep} ({table[dep][0]}), "
                                "a higher layer")
            if kind == "product" or dep not in rank:
                continue
            layer, dep_layer = table[name][0], table[dep][0]
            if dep_layer in APART and layer not in (dep_layer, "tests"):
                problems.append(f"Package.swift: {name} ({layer}) depends on {dep} ({dep_layer}), a layer kept "
                                f"apart: only {dep_layer} and tests may use it")
            if dep_layer in APART.get(layer, ()):
                problems.append(f"Package.swift: {name} ({layer}) depends on {dep} ({dep_layer}), a layer "
                                f"{layer} is kept apart from")
        if target["type"] == "system" or table[name][0] == "C":
            continue
        imports = imported_modules(os.path.join(root, default_path(target)))
        # A target's module name is its name with "-" as "_" (module-gadget is imported as module_gadget).
        declared_names = {module_name(dep) for _, dep in declared}
        for module, path in sorted(imports.items()):
            if module not in PLATFORM_MODULES and module not in declared_names and module != module_name(name):
                problems.append(f"{path}: imports {module}, which target {name} does not declare")
        for _, dep in declared:
            if module_name(dep) not in imports:
                problems.append(f"Package.swift: {name} declares {dep} but no file of it imports {dep}")

    used_packages = {value[1].lower() for target in targets.values() for dep in target.get("dependencies", [])
                     for kind, value in dep.items() if kind == "product"}
    for dependency in package.get("dependencies", []):
        for detail in dependency.values():
            identity = detail[0].get("identity", "")
            if identity.lower() not in used_packages:
                problems.append(f"Package.swift: package dependency {identity} is used by no target")

    if readme_path:
        listed = readme_layout_names(readme_path)
        shipped = {name for name, target in targets.items() if target["type"] != "test"}
        for name in sorted(shipped - listed):
            problems.append(f"{readme_path}: the Layout section does not list target {name}")
        for name in sorted(listed - shipped):
            problems.append(f"{readme_path}: the Layout section lists {name}, which is not a target")

    for problem in problems:
        print(problem)
    if problems:
        print(f"package graph: {len(problems)} problem(s)")
        return 1
    print(f"package graph: {len(targets)} targets in their layers, every import declared, every dependency used")
    return 0


def main():
    dump_path = sys.argv[1]
    docs_path = sys.argv[2] if len(sys.argv) > 2 else "docs/architecture.md"
    root = sys.argv[3] if len(sys.argv) > 3 else "."
    readme_path = sys.argv[4] if len(sys.argv) > 4 else None
    return check_package(dump_path, docs_path, root, readme_path)


if __name__ == "__main__":
    sys.exit(main())
