#!/usr/bin/env python3
"""Lints template.yaml as CloudFormation receives it. Run with the tools venv's Python
(localstack/install.sh pins cfn-lint and aws-sam-translator there):

    ~/.cache/aegis/tools/venv/bin/python infra/scripts/lint-template.py [template.yaml]

Every step runs (the transform aside: the steps after it need its output) and any failure
makes the exit status non-zero:
  1. the CloudFront SPA routing function inlined in the template is byte-for-byte (after
     trimming surrounding whitespace) infra/cloudfront/spa-routing.js, the single source;
  2. that code against its table of paths (node infra/cloudfront/spa-routing.test.mjs);
  3. cfn-lint on the SAM source (SAM schemas: catches SAM property mistakes by line);
  4. the SAM transform (samtranslator, no AWS calls: managed policy names resolve from a
     fixed table, local CodeUri paths become placeholder S3 URIs as `sam package` would);
  5. cfn-lint on the transformed template: any error fails, warnings are printed;
  6. our own dependency-cycle check over Ref, Fn::GetAtt, Fn::Sub and DependsOn in the
     transformed template (cfn-lint's E3004 skips cycles through AWS::Serverless::* in the
     source, which is exactly where SAM templates hide them).
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPA_FUNCTION_FILE = ROOT / "infra" / "cloudfront" / "spa-routing.js"
SPA_FUNCTION_TEST = ROOT / "infra" / "cloudfront" / "spa-routing.test.mjs"
SPA_FUNCTION_RESOURCE = "SpaRoutingFunction"

# samtranslator only asks for names used as `Policies: [SomeManagedPolicyName]`; answering from
# this table keeps the transform offline. Unknown names fail the transform, so add them here.
MANAGED_POLICIES = {
    name: f"arn:aws:iam::aws:policy/{path}{name}"
    for name, path in {
        "AWSLambdaBasicExecutionRole": "service-role/",
        "AWSLambdaVPCAccessExecutionRole": "service-role/",
        "AWSXRayDaemonWriteAccess": "",
        "AWSXrayWriteOnlyAccess": "",
        "CloudWatchLambdaInsightsExecutionRolePolicy": "",
    }.items()
}

# The region the transform and cfn-lint assume (only affects ARNs and region-specific specs).
LINT_REGION = os.environ.get("AEGIS_LINT_REGION", "us-east-1")


def fail(message: str) -> None:
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def step(message: str) -> None:
    print(f"--> {message}", flush=True)


class StubManagedPolicyLoader:
    """Stands in for samtranslator's IAM-backed ManagedPolicyLoader."""

    def load(self) -> dict[str, str]:
        return dict(MANAGED_POLICIES)


def plain(value: Any) -> Any:
    """cfn-lint's decoder returns dict/str subclasses carrying line marks; samtranslator and
    json want plain types."""
    return json.loads(json.dumps(value))


def load_template(path: Path) -> dict[str, Any]:
    from cfnlint.decode import cfn_yaml

    try:
        return plain(cfn_yaml.load(str(path)))
    except Exception as exc:  # CfnParseError carries its own matches
        matches = getattr(exc, "matches", None)
        if matches:
            for m in matches:
                print(m, file=sys.stderr)
        fail(f"{path} could not be parsed: {exc}")
        raise  # unreachable


# --- 1 + 2: the CloudFront function ---------------------------------------------------------


def check_spa_function(template: dict[str, Any]) -> str | None:
    resource = template.get("Resources", {}).get(SPA_FUNCTION_RESOURCE)
    if resource is None:
        return f"no {SPA_FUNCTION_RESOURCE} resource in the template"
    inline = resource.get("Properties", {}).get("FunctionCode")
    if not isinstance(inline, str):
        return f"{SPA_FUNCTION_RESOURCE}.FunctionCode must be an inline string"
    source = SPA_FUNCTION_FILE.read_text(encoding="utf-8")
    if inline.strip() != source.strip():
        diff = difflib.unified_diff(
            source.strip().splitlines(),
            inline.strip().splitlines(),
            fromfile=str(SPA_FUNCTION_FILE.relative_to(ROOT)),
            tofile=f"template.yaml {SPA_FUNCTION_RESOURCE}.FunctionCode",
            lineterm="",
        )
        print("\n".join(diff), file=sys.stderr)
        return (
            f"the inline {SPA_FUNCTION_RESOURCE} code differs from "
            f"{SPA_FUNCTION_FILE.relative_to(ROOT)}; copy the file into the template"
        )
    print(f"    inline code == {SPA_FUNCTION_FILE.relative_to(ROOT)}")
    return None


def run_spa_function_tests() -> str | None:
    node = shutil.which("node")
    if node is None:
        return "node is required to run the CloudFront function tests"
    res = subprocess.run([node, str(SPA_FUNCTION_TEST)], cwd=ROOT)
    if res.returncode != 0:
        return f"{SPA_FUNCTION_TEST.relative_to(ROOT)} failed"
    return None


# --- 3 + 5: cfn-lint ------------------------------------------------------------------------


def cfn_lint(path: Path, label: str) -> tuple[int, int]:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(path, config=ManualArgs(regions=[LINT_REGION]))
    errors = [m for m in matches if m.rule.id.startswith("E")]
    warnings = [m for m in matches if not m.rule.id.startswith("E")]
    for m in warnings:
        print(f"    warning {m.rule.id} {label}:{m.linenumber}: {m.message}")
    for m in errors:
        print(f"    ERROR {m.rule.id} {label}:{m.linenumber}: {m.message}", file=sys.stderr)
    return len(errors), len(warnings)


# --- 4: the SAM transform -------------------------------------------------------------------


def transform(template: dict[str, Any]) -> dict[str, Any]:
    os.environ.setdefault("AWS_DEFAULT_REGION", LINT_REGION)
    os.environ["AWS_REGION"] = os.environ.get("AWS_REGION", LINT_REGION)
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform as sam_transform

    fragment = copy.deepcopy(template)
    # `sam build` / `sam package` replace local code paths with S3 URIs before the transform.
    for name, res in fragment.get("Resources", {}).items():
        if res.get("Type") == "AWS::Serverless::Function":
            props = res.setdefault("Properties", {})
            code = props.get("CodeUri")
            if isinstance(code, str) and not code.startswith("s3://"):
                props["CodeUri"] = f"s3://aegis-lint-artifacts/{name}.zip"
    defaults = {
        k: v["Default"] for k, v in fragment.get("Parameters", {}).items() if "Default" in v
    }
    try:
        return plain(sam_transform(fragment, defaults, StubManagedPolicyLoader()))
    except InvalidDocumentException as exc:
        for cause in exc.causes:
            print(f"    SAM: {cause.message}", file=sys.stderr)
        fail("the SAM transform refused the template")
        raise  # unreachable


# --- 6: dependency cycles -------------------------------------------------------------------

SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


def references(node: Any, resources: set[str]) -> set[str]:
    """Resource names `node` refers to through Ref, Fn::GetAtt and Fn::Sub."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= references(item, resources)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                if value in resources:
                    found.add(value)
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) and value else value
                if isinstance(target, str):
                    target = target.split(".", 1)[0]
                    if target in resources:
                        found.add(target)
                elif isinstance(value, list):
                    found |= references(value, resources)
            elif key == "Fn::Sub":
                if isinstance(value, str):
                    text, variables = value, {}
                elif isinstance(value, list) and value:
                    text = value[0]
                    variables = value[1] if len(value) > 1 and isinstance(value[1], dict) else {}
                    found |= references(variables, resources)
                else:
                    continue
                if isinstance(text, str):
                    for var in SUB_VAR.findall(text):
                        base = var.split(".", 1)[0].strip()
                        if base in variables:
                            continue
                        if base in resources:
                            found.add(base)
                else:
                    found |= references(text, resources)
            else:
                found |= references(value, resources)
    return found


def dependency_graph(template: dict[str, Any]) -> dict[str, set[str]]:
    resources = template.get("Resources", {})
    names = set(resources)
    graph: dict[str, set[str]] = {}
    for name, res in resources.items():
        deps = references({k: v for k, v in res.items() if k != "DependsOn"}, names)
        depends_on = res.get("DependsOn", [])
        if isinstance(depends_on, str):
            depends_on = [depends_on]
        deps |= {d for d in depends_on if isinstance(d, str) and d in names}
        graph[name] = deps
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (or a self-reference), each
    given as one concrete cycle path through it (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(component)
    return [cycle_path(graph, set(c)) for c in components]


def cycle_path(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """One cycle inside a strongly connected component, as A → B → … → A."""
    start = min(component)
    # breadth-first from start's successors back to start, inside the component
    from collections import deque

    parents: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for succ in sorted(graph[start] & component):
        if succ == start:
            return [start, start]
        if succ not in parents:
            parents[succ] = None
            queue.append(succ)
    while queue:
        node = queue.popleft()
        for succ in sorted(graph[node] & component):
            if succ == start:
                path = [node]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])  # type: ignore[arg-type]
                return [start, *reversed(path), start]
            if succ not in parents:
                parents[succ] = node
                queue.append(succ)
    return sorted(component)


def self_test_cycles() -> None:
    """The check must see a cycle hidden in Sub strings and DependsOn, and no false one."""
    sample = {
        "Resources": {
            "Bucket": {"Properties": {"Origin": {"Fn::Sub": "https://${Cdn.DomainName}"}}},
            "Cdn": {"Properties": {"Api": {"Fn::Sub": ["${Api}.example", {}]}}},
            "Api": {"DependsOn": "Fn", "Properties": {"Literal": {"Fn::Sub": "${!Bucket}"}}},
            "Fn": {"Properties": {"Env": {"Ref": "Bucket"}, "Role": {"Fn::GetAtt": "Role.Arn"}}},
            "Role": {"Properties": {"Name": {"Fn::Sub": ["${X}", {"X": {"Ref": "AWS::StackName"}}]}}},
        }
    }
    assert find_cycles(dependency_graph(sample)) == [["Api", "Fn", "Bucket", "Cdn", "Api"]]
    del sample["Resources"]["Fn"]["Properties"]["Env"]
    assert find_cycles(dependency_graph(sample)) == []


def main() -> None:
    template_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "template.yaml"
    label = template_path.name
    source = load_template(template_path)
    problems: list[str] = []

    step(f"CloudFront function: {SPA_FUNCTION_RESOURCE} inline code == spa-routing.js")
    problem = check_spa_function(source)
    if problem:
        problems.append(problem)

    step("CloudFront function: path table (node)")
    problem = run_spa_function_tests()
    if problem:
        problems.append(problem)

    step(f"cfn-lint {label} (SAM source)")
    errors, warnings = cfn_lint(template_path, label)
    print(f"    {errors} error(s), {warnings} warning(s)")
    if errors:
        problems.append(f"cfn-lint found {errors} error(s) in {label}")

    step("SAM transform (samtranslator, offline)")
    from samtranslator import __version__ as sam_version

    transformed = transform(source)  # exits when SAM refuses: nothing further to check
    n = len(transformed.get("Resources", {}))
    print(f"    aws-sam-translator {sam_version}: {n} CloudFormation resources")

    with tempfile.TemporaryDirectory(prefix="aegis-lint-") as tmp:
        out = Path(tmp) / "template.transformed.json"
        out.write_text(json.dumps(transformed, indent=1), encoding="utf-8")
        if os.environ.get("AEGIS_LINT_KEEP"):
            kept = Path(os.environ["AEGIS_LINT_KEEP"])
            kept.write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
            print(f"    transformed template kept at {kept}")

        step("cfn-lint on the transformed template")
        errors, warnings = cfn_lint(out, "transformed")
        print(f"    {errors} error(s), {warnings} warning(s)")
        if errors:
            problems.append(f"cfn-lint found {errors} error(s) in the transformed template")

    step("dependency cycles (Ref, GetAtt, Sub, DependsOn) in the transformed template")
    self_test_cycles()
    cycles = find_cycles(dependency_graph(transformed))
    for cycle in cycles:
        print(f"    CYCLE: {' -> '.join(cycle)}", file=sys.stderr)
    if cycles:
        problems.append(f"{len(cycles)} dependency cycle(s): CloudFormation would refuse the stack")
    else:
        print("    none")

    if problems:
        for problem in problems:
            print(f"FAIL: {problem}", file=sys.stderr)
        sys.exit(1)
    print(f"template lint passed ({label})")


if __name__ == "__main__":
    main()
