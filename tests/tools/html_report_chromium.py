#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Renders sncheck's HTML report in headless Chromium and checks the page the browser built.

usage: html_report_chromium.py SNCHECK FAKE_INSTANCE CLIENT_ID API_PATH

The real sncheck audits the fake instance's demo scenario (a failing set-up) with --client-id and
--api, so that both chains are drawn, writing the HTML report and, from the same run, the JSON
report. Chromium then loads the report twice: alone, with its DOM dumped after load and its
console on stderr; and inside a frame of a small page of the test's own, whose script reads the
computed styles of the report's boxes and cards (the report itself carries no script).

Checked, against the JSON report rather than fixed numbers: one problem card per result that is
neither pass nor skip, each naming its check; every link either http(s) or an in-page anchor
whose target exists; the chain diagrams, one box per chain check that ran, in the state of its
worst result, the broken ones rendered red and linked to their finding's card; and "no script
errors", which for a report without script means: no script at all in the rendered page (no
<script>, no on* handler, no javascript: URL), nothing fetched from anywhere, and nothing on
Chromium's console.

Exit 0: the page is right. Exit 1: it is not (each failure on stderr). Exit 77 (ctest's
SKIP_RETURN_CODE): chromium is not installed, unless SNCHECK_REQUIRE_CHROMIUM=1, which makes that
a failure (scripts/test.sh and CI set it).
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}", file=sys.stderr)


def find_chromium():
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def chromium_args(profile):
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}"]


def render(chromium, profile, url, extra=()):
    """The DOM after load and Chromium's stderr."""
    done = subprocess.run([chromium, *chromium_args(profile), *extra, "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or "<html" not in done.stdout:
        fail(f"chromium exited {done.returncode} on {url}:\n{done.stderr[-3000:]}")
    return done.stdout, done.stderr


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = ""

    def classes(self):
        return self.attrs.get("class", "").split()

    def all_text(self):
        return self.text + "".join(child.all_text() for child in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Tree(html.parser.HTMLParser):
    """The serialized DOM Chromium dumped, as a tree (Chromium closes every element it opened)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def parse(dom):
    tree = Tree()
    tree.feed(dom)
    return tree.root


def run_sncheck(sncheck, fake, client_id, api, workdir):
    port_file = os.path.join(workdir, "port")
    server = subprocess.Popen([fake, "--scenario", "demo", "--port-file", port_file],
                              stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            time.sleep(0.05)
        with open(port_file, encoding="utf-8") as f:
            port = f.read().strip()
        html_path = os.path.join(workdir, "report.html")
        json_path = os.path.join(workdir, "report.json")
        env = dict(os.environ, SN_PASSWORD="demo-password")
        done = subprocess.run(
            [sncheck, "audit", "--instance", f"http://127.0.0.1:{port}", "--user",
             "sncheck.reader", "--client-id", client_id, "--api", api, "--format", "html", "-o",
             html_path, "--report", f"json={json_path}"],
            env=env, capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if done.returncode != 1:
        fail(f"sncheck exited {done.returncode} on the demo (expected 1):\n{done.stderr}")
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    return html_path, report


def result_name(result):
    subject = result.get("subject") or ""
    return f"{result['id']} [{subject}]" if subject else result["id"]


def check_no_script(root, console):
    for element in root.walk():
        if element.tag == "script":
            fail(f"a <script> element: {element.all_text()[:200]}")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                fail(f"<{element.tag} {name}=...>: an event handler")
            if value and value.strip().lower().startswith("javascript:"):
                fail(f"<{element.tag} {name}={value}>: a javascript: URL")
            if name in ("src", "srcset", "data", "action", "formaction", "poster"):
                fail(f"<{element.tag} {name}={value}>: the page would fetch or send something")
        if element.tag in ("link", "iframe", "object", "embed", "form", "base"):
            fail(f"a <{element.tag}> element: the page is to be self-contained")
        if element.tag == "style" and re.search(r"url\(|@import", element.all_text()):
            fail("the style sheet fetches something (url() or @import)")
    messages = [line for line in console.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    for line in messages:
        fail(f"Chromium's console: {line}")


def check_cards(root, report):
    expected = [r for r in report["results"] if r["status"] not in ("pass", "skip")]
    cards = [e for e in root.walk() if e.tag == "section" and "problem" in e.classes()]
    if len(cards) != len(expected):
        fail(f"{len(cards)} problem cards; the JSON report of the run has {len(expected)} results "
             f"that are neither pass nor skip")
    names = []
    for card in cards:
        if "card" not in card.classes():
            fail(f"problem section {card.attrs.get('id')} is not a card")
        if any("problem" in a.classes() for a in card.ancestors()):
            fail(f"card {card.attrs.get('id')} is nested in another card (an element not closed)")
        codes = [e.all_text() for e in card.walk() if e.tag == "code"]
        names.append(codes[0] if codes else "")
        status = [e for e in card.walk() if e.tag == "span" and "pill" in e.classes()]
        if not status:
            fail(f"card {card.attrs.get('id')} shows no status")
    print(f"problem cards: {len(cards)}, as the JSON report's non-pass, non-skip results")
    want = sorted(result_name(r) for r in expected)
    if sorted(names) != want:
        fail(f"the cards name {sorted(names)}; the JSON report's problems are {want}")
    for result in expected:
        card = next((c for c, n in zip(cards, names) if n == result_name(result)), None)
        if card is None:
            continue
        shown = " ".join(card.all_text().split())
        if " ".join(result["message"].split()) not in shown:
            fail(f"card of {result_name(result)} lacks its message")
    return cards


def check_links(root):
    ids = {e.attrs["id"] for e in root.walk() if "id" in e.attrs}
    anchors = [e for e in root.walk() if e.tag == "a"]
    if not anchors:
        fail("no link at all")
    external = 0
    for a in anchors:
        href = a.attrs.get("href")
        if href is None:
            fail(f"<a> without href: {a.all_text()[:80]}")
        elif href.startswith("#"):
            if href[1:] not in ids:
                fail(f"link {href}: no element has that id")
        elif re.match(r"https?://[^\s\"'<>]+$", href):
            external += 1
        else:
            fail(f"link {href!r} is neither http(s) nor an in-page anchor")
    if external == 0:
        fail("no link into the instance (evidence records)")
    print(f"links: {len(anchors)} ({external} http(s), the rest in-page)")


def worst(results):
    order = {"fail": 5, "error": 4, "warn": 3, "waived": 2, "skip": 1, "pass": 0}
    states = ["waived" if r.get("waived") else r["status"] for r in results]
    return max(states, key=lambda s: order[s])


def check_chains(root, report):
    chains = [e for e in root.walk() if e.tag == "section" and "chain" in e.classes()]
    titles = [next((c.all_text() for c in chain.children if c.tag == "h3"), "") for chain in chains]
    for title in ("Token chain (client credentials)", "Bearer chain (Scripted REST call)"):
        if title not in titles:
            fail(f"no chain diagram titled {title!r} (found {titles})")
    ids = {e.attrs["id"]: e for e in root.walk() if "id" in e.attrs}
    red = 0
    for chain, title in zip(chains, titles):
        boxes = [e for e in chain.walk() if "box" in e.classes()]
        if len(boxes) < 3:
            fail(f"{title}: {len(boxes)} boxes")
        suite = chain
        while suite is not None and not suite.attrs.get("id", "").startswith("suite-"):
            suite = suite.parent
        suite_name = suite.attrs["id"][len("suite-"):] if suite is not None else ""
        for box in boxes:
            name = next((c.all_text() for c in box.children if c.tag == "b"), "")
            check_id = f"{suite_name}.{name}"
            results = [r for r in report["results"] if r["id"] == check_id]
            if not results:
                fail(f"{title}: box {name!r} has no result {check_id} in the JSON report")
                continue
            state = worst(results)
            if state not in box.classes():
                fail(f"{title}: box {name} is {box.classes()}, its check's worst result {state}")
            if state in ("fail", "error", "warn"):
                href = box.attrs.get("href", "")
                if box.tag != "a" or not href.startswith("#"):
                    fail(f"{title}: broken box {name} does not link to its finding")
                    continue
                card = ids.get(href[1:])
                if card is None or "problem" not in card.classes():
                    fail(f"{title}: box {name} links to {href}, which is no finding's card")
                elif check_id not in card.all_text():
                    fail(f"{title}: box {name} links to the card of another check")
                red += state == "fail"
            elif box.tag == "a" or "href" in box.attrs:
                fail(f"{title}: box {name} ({state}) is a link, but is no finding")
    if red == 0:
        fail("no broken (failed) box in the chains of a failing scenario")


WRAPPER = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>probe</title></head><body>
<pre id="probe">not loaded</pre>
<iframe id="report" src="report.html" style="width:1200px;height:900px"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
  var doc = this.contentDocument;
  var out = {boxes: [], cards: [], red: ''};
  var style = function (e) { return this.contentWindow.getComputedStyle(e); }.bind(this);
  doc.querySelectorAll('.box').forEach(function (e) {
    var s = style(e);
    out.boxes.push({cls: e.className, border: s.borderTopColor, colour: s.color,
                    visible: e.getBoundingClientRect().width > 0});
  });
  doc.querySelectorAll('section.problem').forEach(function (e) {
    out.cards.push({cls: e.className, id: e.id, border: style(e).borderLeftColor,
                    visible: e.getBoundingClientRect().height > 0});
  });
  document.getElementById('probe').textContent = JSON.stringify(out);
});
</script></body></html>
"""

RED = "rgb(198, 40, 40)"  # --red, #c62828


def check_rendered_colours(chromium, profile, workdir):
    wrapper = os.path.join(workdir, "probe.html")
    with open(wrapper, "w", encoding="utf-8") as f:
        f.write(WRAPPER)
    dom, console = render(chromium, profile, f"file://{wrapper}",
                          ["--allow-file-access-from-files", "--virtual-time-budget=5000"])
    for line in console.splitlines():
        if ":CONSOLE" in line or "Uncaught" in line:
            fail(f"Chromium's console (probe page): {line}")
    probe = next((e for e in parse(dom).walk() if e.attrs.get("id") == "probe"), None)
    try:
        seen = json.loads(probe.all_text())
    except (AttributeError, ValueError):
        fail(f"the probe page read nothing from the rendered report: {dom[:500]}")
        return
    failed = [b for b in seen["boxes"] if "fail" in b["cls"].split()]
    if not failed:
        fail("no failed box rendered")
    print(f"rendered: {len(seen['boxes'])} boxes ({len(failed)} failed), "
          f"{len(seen['cards'])} cards")
    for box in seen["boxes"]:
        if not box["visible"]:
            fail(f"box {box['cls']} is not rendered")
        is_red = box["border"] == RED
        if ("fail" in box["cls"].split()) != is_red:
            fail(f"box {box['cls']}: border {box['border']} (red only for a failed link)")
    for card in seen["cards"]:
        if not card["visible"]:
            fail(f"card {card['id']} is not rendered")
        if "blocking" in card["cls"].split() and card["border"] != RED:
            fail(f"blocking card {card['id']}: border {card['border']}, not red")


def main():
    sncheck, fake, client_id, api = sys.argv[1:5]
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("SNCHECK_REQUIRE_CHROMIUM") == "1":
            print("FAIL: chromium is not installed and SNCHECK_REQUIRE_CHROMIUM=1: the HTML report "
                  "cannot be rendered (scripts/install-deps.sh --test installs it)", file=sys.stderr)
            return 1
        print("SKIP: chromium is not installed (scripts/install-deps.sh --test installs it)")
        return SKIP
    with tempfile.TemporaryDirectory() as workdir:
        html_path, report = run_sncheck(sncheck, fake, client_id, api, workdir)
        profile = os.path.join(workdir, "profile")
        dom, console = render(chromium, profile, f"file://{html_path}")
        root = parse(dom)
        check_no_script(root, console)
        check_cards(root, report)
        check_links(root)
        check_chains(root, report)
        check_rendered_colours(chromium, profile, workdir)
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    print("the HTML report renders as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
