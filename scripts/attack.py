#!/usr/bin/env python3
"""Replays issue 14's resource attacks against a release dxday on loopback and prints
a table: attack -> peak RSS, /healthz p99 during it, status counts. Each attack runs on a
fresh server (fresh SQLite data dir, demo data), in bounded loops, and stops by itself.

    scripts/attack.sh            # builds the release binary, then runs this
"""
import concurrent.futures as cf
import multiprocessing as mp
import os, re, socket, struct, subprocess, sys, tempfile, time, zlib
import requests

BIN = sys.argv[1]
PORT = int(os.environ.get("PORT", "18140"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "Mat-khau-tan-cong-2024"


def png_grey(w, h):
    raw = zlib.compress(b"".join(b"\x00" + bytes(w) for _ in range(h)), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def far_xlsx():
    import io, zipfile
    b = io.BytesIO()
    z = zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    z.close()
    return b.getvalue()


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="dxday-attack-")
        env = dict(os.environ, DXDAY_LOG="warn", DXDAY_DATA_DIR=self.dir, DXDAY_LISTEN=f"127.0.0.1:{PORT}")
        env.pop("DXDAY_DATABASE_URL", None)
        self.proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if requests.get(BASE + "/healthz", timeout=1).ok:
                    break
            except Exception:
                time.sleep(0.05)
        # Accounts once the demo's units are there.
        for email, role, unit in [("office@attack.vn", "office_staff", "vhtt"), ("ward@attack.vn", "unit_focal_point", "p-may-chai")]:
            subprocess.run([BIN, "user", "add", "--email", email, "--role", role, "--unit", unit], input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True)

    def rss_mb(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) // 1024
        return 0

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def login(email):
    s = requests.Session()
    html = s.get(BASE + "/dang-nhap").text
    tok = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
    r = s.post(BASE + "/dang-nhap", data={"_csrf": tok, "email": email, "password": PASSWORD}, allow_redirects=False)
    assert r.status_code == 303, r.status_code
    return s


def token(s, path):
    return re.search(r'name="_csrf" value="([^"]+)"', s.get(BASE + path).text).group(1)


def healthz_sampler(stop, out):
    """Samples /healthz every 20 ms until `stop` is set; runs in a process of its own,
    so the attack's client threads (and Python's GIL) do not delay its measurements."""
    s = requests.Session()
    lat = []
    while not stop.is_set():
        t = time.perf_counter()
        try:
            s.get(BASE + "/healthz", timeout=30)
        except Exception:
            pass
        lat.append((time.perf_counter() - t) * 1000)
        time.sleep(0.02)
    out.send(lat)


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))] if xs else 0.0


def run(name, attack):
    srv = Server()
    ctx = mp.get_context("fork")
    stop = ctx.Event()
    rx, tx = ctx.Pipe(duplex=False)
    sampler = ctx.Process(target=healthz_sampler, args=(stop, tx)); sampler.start()
    try:
        statuses = attack(srv)
    finally:
        stop.set(); lat = rx.recv(); sampler.join()
    rss = srv.rss_mb()
    alive = requests.get(BASE + "/healthz", timeout=5).status_code
    srv.stop()
    counts = {}
    for st in statuses:
        counts[st] = counts.get(st, 0) + 1
    print(f"| {name} | {rss} MB | {p99(lat):.1f} ms | {' '.join(f'{k}×{v}' for k, v in sorted(counts.items(), key=str))} | {alive} |", flush=True)


def many(n, fn, workers=None):
    with cf.ThreadPoolExecutor(workers or n) as ex:
        return list(ex.map(lambda i: fn(i), range(n)))


BIG = png_grey(10000, 10000)


def xlsx(_srv):
    s = login("office@attack.vn"); w = login("ward@attack.vn"); data = far_xlsx(); out = []
    for _ in range(5):
        out.append(s.post(BASE + "/quan-tri/nhiem-vu/nhap", data={"_csrf": token(s, "/quan-tri/nhiem-vu")}, files={"file": ("a.xlsx", data)}).status_code)
        out.append(w.post(BASE + "/quan-tri/tuyen-pho/nhap", data={"_csrf": token(w, "/quan-tri/tuyen-pho")}, files={"file": ("a.xlsx", data)}).status_code)
    return out


def login_burst(_srv):
    s = requests.Session(); tok = token(s, "/dang-nhap")
    return many(40, lambda i: s.post(BASE + "/dang-nhap", data={"_csrf": tok, "email": "ward@attack.vn", "password": "sai"}, allow_redirects=False).status_code)


def evidence(_srv):
    w = login("ward@attack.vn"); tok = token(w, "/quan-tri/hien-thi")
    return many(16, lambda i: w.post(BASE + "/quan-tri/hien-thi", data={"_csrf": tok, "channel": "portal", "place": "https://x.vn", "shown_from": "01/10/2024", "shown_to": "10/10/2024"}, files={"photo": ("a.png", BIG)}, allow_redirects=False).status_code)


def kit(_srv):
    s = login("office@attack.vn"); tok = token(s, "/quan-tri/bo-nhan-dien")
    return many(16, lambda i: s.post(BASE + "/quan-tri/bo-nhan-dien", data={"_csrf": tok, "title": f"Banner {i}", "category": "portal_banner"}, files={"file": (f"b{i}.png", BIG)}, allow_redirects=False).status_code)


def qr_a4(_srv):
    return many(96, lambda i: requests.get(BASE + f"/qr-a4.png?path=/k{i}").status_code, 32)


def qr_4096(_srv):
    return many(48, lambda i: requests.get(BASE + f"/qr.png?size=4096&path=/q{i}").status_code, 16)


def junk_years(_srv):
    s = requests.Session()
    return [s.get(BASE + f"/bo-nhan-dien?nam=%2B{'0' * (i % 40)}2024").status_code for i in range(1000)] + \
           [s.get(BASE + f"/bo-nhan-dien?nam={3000 + i}").status_code for i in range(1000)]


def counts(srv):
    import sqlite3
    s = requests.Session()
    tok = re.search(r'data-count-token="([^"]+)"', s.get(BASE + "/khung-anh").text).group(1)
    out = many(2000, lambda i: s.post(BASE + "/api/frames/1/downloads", data={"don_vi": "p-may-chai", "token": tok}).status_code, 32)
    time.sleep(0.2)
    n = sqlite3.connect(os.path.join(srv.dir, "dxday.db")).execute("SELECT COALESCE(SUM(downloads),0) FROM frame_downloads").fetchone()[0]
    return out + [f"counted={n}"]


def sessions(srv):
    import sqlite3
    out = [requests.get(BASE + "/dang-nhap").status_code for _ in range(300)]
    n = sqlite3.connect(os.path.join(srv.dir, "dxday.db")).execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return out + [f"session_rows={n}"]


def slowloris(_srv):
    socks = []
    for _ in range(500):
        try:
            c = socket.create_connection(("127.0.0.1", PORT)); c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n"); socks.append(c)
        except OSError:
            pass
    for i in range(20):
        time.sleep(1)
        for c in list(socks):
            try:
                c.sendall(b"X-%d: y\r\n" % i)
            except OSError:
                socks.remove(c)
    open_after = len(socks)
    for c in socks:
        c.close()
    return [f"open_after_20s={open_after}"]


print("| attack | peak RSS | /healthz p99 | statuses | /healthz after |")
print("|---|---:|---:|---|---:|")
for name, fn in [("XLSX A1+XFD1048576 ×10 imports", xlsx), ("40 wrong passwords at once", login_burst),
                 ("16 evidence uploads, 10000² PNG", evidence), ("16 kit uploads, 10000² PNG", kit),
                 ("96 /qr-a4.png, 32 at once", qr_a4), ("48 /qr.png?size=4096, 16 at once", qr_4096),
                 ("2 000 junk kit years", junk_years), ("2 000 download-count POSTs", counts),
                 ("300 GET /dang-nhap", sessions), ("500 slowloris connections, 20 s", slowloris)]:
    run(name, fn)
