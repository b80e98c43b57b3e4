# A fake Jira search API for tests/cli/0010-ci-templates.t: three issues
# labelled isms, paged two at a time by startAt (API 2) or nextPageToken
# (API 3), for one user and token; every request is logged to argv[2].
import base64, json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
ISSUES = [{"key": "ISMS-%d" % i, "fields": {"status": {"name": "Done" if i == 42 else "To Do"},
           "resolutiondate": "2026-08-01T10:00:00.000+0000" if i == 42 else None,
           "labels": ["isms"] + (["backup"] if i == 42 else [])}} for i in (40, 41, 42)]
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        auth = self.headers.get("Authorization", "")
        good = auth in ("Bearer s3cret", "Basic " + base64.b64encode(b"ci@example.com:s3cret").decode())
        with open(sys.argv[2], "a") as log:
            log.write("%s %s %s\n" % (u.path, q.get("jql", [""])[0], auth.split(" ")[0]))
        if not good or u.path.startswith("/broken/"):
            self.send_response(401 if not good else 500); self.end_headers(); return
        if u.path == "/rest/api/2/search":
            at = int(q.get("startAt", ["0"])[0])
            body = {"startAt": at, "total": len(ISSUES), "issues": ISSUES[at:at + 2]}
        elif u.path == "/rest/api/3/search/jql":
            at = int(q.get("nextPageToken", ["0"])[0])
            body = {"issues": ISSUES[at:at + 2]}
            if at + 2 < len(ISSUES): body["nextPageToken"] = str(at + 2)
            else: body["isLast"] = True
        else:
            self.send_response(404); self.end_headers(); return
        data = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.end_headers(); self.wfile.write(data)
s = HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_port))
s.serve_forever()
