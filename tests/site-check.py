#!/usr/bin/env python3
# site-check.py SITE: what a reader of a rendered site would trip over, one
# line each (after a first "pages N" line, the HTML pages read):
#   unbalanced P: ...  an element closed that is not open, or left open
#   missing P -> U     a local link or image to no file of the site
#   fragment P -> U    a #fragment no id= of the target page names
#   script P           a <script> element
#   external P: ...    a <link>, <img>, <iframe>, <object> or style that
#                      loads from outside the site
#   handler P: ...     an on* attribute, or a javascript: URL
# Used by the site tests (tests/cli/0014-site.t, 0016-site-dashboard.t).
import os, re, sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
top = os.path.realpath(sys.argv[1])

class Page(HTMLParser):
    def __init__(self, rel):
        super().__init__(convert_charrefs=True)
        self.rel, self.stack, self.ids, self.links = rel, [], set(), []
        self.problems, self.in_style = [], False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self.stack.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.problems.append("script %s" % self.rel)
        if tag == "style":
            self.in_style = True
        for k, v in attrs:
            v = v or ""
            if k.startswith("on") or v.strip().lower().startswith("javascript:"):
                self.problems.append("handler %s: %s=%s" % (self.rel, k, v))
        for k in ("href", "src"):
            if k in a and a[k] is not None:
                u = a[k]
                if re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", u):
                    if tag in ("link", "img", "iframe", "object", "embed",
                               "source", "audio", "video") or k == "src":
                        self.problems.append("external %s: %s" % (self.rel, u))
                else:
                    self.links.append(u)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)
    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("unbalanced %s: </%s> with %s open"
                                 % (self.rel, tag, self.stack[-3:]))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
    def handle_data(self, data):
        if self.in_style and re.search(r"(?i)url\(|@import|https?:", data):
            self.problems.append("external %s: style loads something" % self.rel)

pages = {}
for d, _, files in os.walk(top):
    for f in files:
        if f.endswith(".html"):
            rel = os.path.relpath(os.path.join(d, f), top)
            p = Page(rel)
            p.feed(open(os.path.join(d, f), encoding="utf-8", errors="replace").read())
            p.close()
            if p.stack:
                p.problems.append("unbalanced %s: %s left open" % (rel, p.stack))
            pages[rel] = p
print("pages %d" % len(pages))
for rel in sorted(pages):
    p = pages[rel]
    for x in p.problems:
        print(x)
    for u in p.links:
        parts = urlsplit(u)
        if not parts.path:
            target = rel
        else:
            target = os.path.normpath(os.path.join(os.path.dirname(rel),
                                                   unquote(parts.path)))
        if target.startswith(".."):
            print("missing %s -> %s" % (rel, u))
        elif not os.path.isfile(os.path.join(top, target)):
            print("missing %s -> %s" % (rel, u))
        elif parts.fragment and target in pages and \
                unquote(parts.fragment) not in pages[target].ids:
            print("fragment %s -> %s" % (rel, u))
