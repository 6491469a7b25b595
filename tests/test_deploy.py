"""The deployment of README's "Running behind nginx": Debian's nginx with deploy/nginx.conf
over HTTPS (a self-signed certificate) in front of real gunicorn instances, started with
the production settings. A patient completes a pathway over HTTPS in Chromium and with two
instances taking turns; slow clients do not freeze the site; a wrong Host gets 400."""

from __future__ import annotations

import datetime
import html
import http.client
import ipaddress
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from decisionaid.sample_patients import NOT_SURE_AND_READY, PATIENTS

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
START_SECONDS = 40
"""The longest a server may take to start listening (content, fonts, PDF renderer)."""
PATHWAY = "vitiligo"
HEADING = "Vitiligo: for your appointment"


# --- servers --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, valid for a day, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclass
class Server:
    """A process we started, the ports it should listen on and the log that says why not."""

    name: str
    process: subprocess.Popen
    ports: list[int]
    log: Path
    access_log: Path | None = None
    output: Path | None = None

    def logs(self) -> str:
        texts = [f"--- {self.name}: {self.log}\n{_tail(self.log)}"]
        if self.output:
            texts.append(f"--- {self.name}: output\n{_tail(self.output)}")
        return "\n".join(texts)

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        waiting = list(self.ports)
        while waiting:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} exited with {self.process.returncode}\n{self.logs()}")
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(
                    f"{self.name} not listening on {waiting} after {START_SECONDS} s\n{self.logs()}"
                )
            try:
                socket.create_connection(("127.0.0.1", waiting[0]), timeout=1).close()
                waiting.pop(0)
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM to the process we started (by its PID), then SIGKILL if it lingers."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def start_gunicorn(folder: Path, name: str, secret_key: str) -> Server:
    """``gunicorn wsgi:app`` from the project's root (so gunicorn.conf.py applies), with
    the settings README's "Running behind nginx" gives."""
    folder.mkdir()
    port = free_port()
    environment = {
        variable: value
        for variable, value in os.environ.items()
        if not variable.startswith("DECISIONAID_")
    }
    environment |= {
        "DECISIONAID_SECRET_KEY": secret_key,
        "DECISIONAID_HTTPS": "true",
        "DECISIONAID_PROXIES": "1",
        "DECISIONAID_TRUSTED_HOSTS": "localhost,127.0.0.1",
    }
    access_log, log, output = folder / "access.log", folder / "error.log", folder / "output"
    command = [
        str(GUNICORN),
        "--bind",
        f"127.0.0.1:{port}",
        # gunicorn 27 otherwise shares one control socket between all instances.
        "--no-control-socket",
        "--access-logfile",
        str(access_log),
        "--error-logfile",
        str(log),
        # One worker is enough here, and keeps the machine free for the other test files.
        "--workers",
        "1",
        "wsgi:app",
    ]
    with output.open("wb") as stream:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=stream, stderr=subprocess.STDOUT
        )
    return Server(name, process, [port], log, access_log=access_log, output=output)


def nginx_conf(
    folder: Path, *, http_port: int, https_port: int, upstreams: list[int], cert: tuple
) -> str:
    """deploy/nginx.conf with this test's ports, certificate, upstreams and paths. Each
    directive replaced must be in the file exactly once, as README documents it."""
    text = NGINX_CONF.read_text()

    def replace(old: str, new: str) -> None:
        nonlocal text
        assert text.count(old) == 1, f"deploy/nginx.conf should have {old!r} once"
        text = text.replace(old, new)

    # A root nginx would hand its workers to www-data, which cannot read pytest's folders.
    replace("user www-data;", "user root;" if os.geteuid() == 0 else "")
    # One worker: its round robin alone decides which instance serves each request.
    replace("worker_processes auto;", "worker_processes 1;")
    replace("pid /run/nginx.pid;", f"pid {folder}/nginx.pid;")
    replace("error_log /var/log/nginx/error.log;", f"error_log {folder}/error.log;")
    replace("access_log /var/log/nginx/access.log;", f"access_log {folder}/access.log;")
    for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / kind).mkdir()
        replace(f" /var/lib/nginx/{kind};", f" {folder}/{kind};")
    replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    replace("ssl_certificate /etc/ssl/decisionaid/fullchain.pem;", f"ssl_certificate {cert[0]};")
    replace(
        "ssl_certificate_key /etc/ssl/decisionaid/privkey.pem;", f"ssl_certificate_key {cert[1]};"
    )
    replace("server 127.0.0.1:8000;", "\n".join(f"server 127.0.0.1:{port};" for port in upstreams))
    return text


def start_nginx(folder: Path, upstreams: list[Server], cert: tuple) -> Server:
    folder.mkdir()
    http_port, https_port = free_port(), free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        nginx_conf(
            folder,
            http_port=http_port,
            https_port=https_port,
            upstreams=[server.ports[0] for server in upstreams],
            cert=cert,
        )
    )
    log, output = folder / "error.log", folder / "output"
    command = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(log), "-g", "daemon off;"]
    with output.open("wb") as stream:
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT)
    return Server("nginx", process, [http_port, https_port], log, output=output)


@dataclass
class Site:
    """nginx in front of gunicorn instances: the addresses a person would open."""

    nginx: Server
    instances: list[Server]
    cert: Path

    @property
    def http_port(self) -> int:
        return self.nginx.ports[0]

    @property
    def https_port(self) -> int:
        return self.nginx.ports[1]

    @property
    def https(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def tls(self) -> ssl.SSLContext:
        """A client context that trusts this site's own certificate, and nothing else."""
        return ssl.create_default_context(cafile=self.cert)

    def logs(self) -> str:
        return "\n".join(server.logs() for server in [self.nginx, *self.instances])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def run_site(folder: Path, instances: int, cert: tuple) -> Iterator[Site]:
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: run scripts/setup.sh test")
    secret_key = secrets.token_hex(32)  # the same for every instance, as in production
    servers = [
        start_gunicorn(folder / f"gunicorn-{n}", f"gunicorn {n}", secret_key)
        for n in range(1, instances + 1)
    ]
    started = list(servers)
    try:
        for server in servers:
            server.wait_until_listening()
        nginx = start_nginx(folder / "nginx", servers, cert)
        started.append(nginx)
        nginx.wait_until_listening()
        yield Site(nginx, servers, cert[0])
    finally:
        for server in reversed(started):
            server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, certificate) -> Iterator[Site]:
    """nginx in front of one gunicorn instance."""
    yield from run_site(tmp_path_factory.mktemp("site"), 1, certificate)


@pytest.fixture(scope="module")
def two_instance_site(tmp_path_factory: pytest.TempPathFactory, certificate) -> Iterator[Site]:
    """nginx in front of two gunicorn instances with the same secret key."""
    yield from run_site(tmp_path_factory.mktemp("site2"), 2, certificate)


# --- a plain HTTPS client that keeps cookies ------------------------------------------


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class HttpsPatient:
    """One person's browser, reduced: HTTPS to the site, its cookies, and each page's
    stylesheet and scripts fetched after the page, as a browser does."""

    site: Site
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.site.https_port, context=self.site.tls(), timeout=60
        )
        try:
            sent = {**(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
                sent["Referer"] = f"{self.site.https}{path}"  # Referrer-Policy: same-origin
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def open(self, path: str) -> Reply:
        """GET a page and what it links to: its stylesheets and scripts."""
        reply = self.request("GET", path)
        assert reply.status == 200, f"GET {path}: {reply.status}\n{self.site.logs()}"
        for link in re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', reply.text):
            assert self.request("GET", html.unescape(link)).status == 200, link
        return reply

    def submit(self, path: str, answers: dict) -> Reply:
        """Open the page with the form, then post it with its CSRF token."""
        page = self.open(path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, f"no CSRF token on {path}"
        body = urlencode({"csrf_token": token.group(1), **answers}, doseq=True).encode()
        return self.request("POST", path, body=body)


# --- HTTPS in a real browser ----------------------------------------------------------


def fill(page, name: str, value: str | list[str]) -> None:
    """Answer one question as a person would: tick its choices or type its text."""
    values = value if isinstance(value, list) else [value]
    first = page.locator(f'[name="{name}"]').first
    if first.get_attribute("type") in ("radio", "checkbox"):
        for code in values:
            page.locator(f'input[name="{name}"][value="{code}"]').check()
    else:
        first.fill(values[0])


def arrive(page, site: Site, page_name: str) -> None:
    """Wait for the next page; if another one came instead, say which and what it says."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_url(f"**/en/{PATHWAY}/{page_name}", timeout=15_000)
    except PlaywrightTimeout:
        said = " ".join(page.locator("main").inner_text().split())[:500]
        pytest.fail(f"expected {page_name}, still on {page.url}: {said}\n{site.logs()}")


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return " ".join(result.stdout.decode().split())


@pytest.mark.browser
def test_a_patient_completes_a_pathway_over_https_and_downloads_the_pdf(
    browser, site: Site
) -> None:
    context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
    page = context.new_page()
    try:
        response = page.goto(f"{site.https}/en/{PATHWAY}/")
        assert response.status == 200, site.logs()
        assert "max-age=" in response.headers.get("strict-transport-security", "")
        assert response.headers.get("permissions-policy")
        page.get_by_role("link", name="Start").click()

        for step, answers in PATIENTS[PATHWAY].items():
            arrive(page, site, step)
            for name, value in answers.items():
                fill(page, name, value)
            page.get_by_role("button", name="Next").click()
        arrive(page, site, "review")
        page.get_by_role("button", name="Next").click()
        arrive(page, site, "where-you-stand")
        for name, value in NOT_SURE_AND_READY.items():
            fill(page, name, value)
        page.get_by_role("button", name="See my option sheet").click()
        arrive(page, site, "sheet")
        assert page.get_by_role("heading", name=HEADING).is_visible()

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download the PDF (2 pages)").click()
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF-")
        assert HEADING in pdf_text(pdf)

        cookies = [c for c in context.cookies() if c["name"].startswith("__Host-")]
        assert cookies, f"no __Host- cookie among {[c['name'] for c in context.cookies()]}"
        assert all(c["secure"] and c["httpOnly"] and c["path"] == "/" for c in cookies)
    finally:
        context.close()


def test_plain_http_is_sent_to_https(site: Site) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    try:
        connection.request("GET", f"/en/{PATHWAY}/?paper=a4")
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 301
    # The deployment listens on 443; this test's nginx on another port.
    assert response.headers["Location"] == f"https://127.0.0.1/en/{PATHWAY}/?paper=a4"
    assert response.headers["Server"] == "nginx"  # no version (server_tokens off)


# --- several instances ----------------------------------------------------------------


def test_a_patient_served_in_turn_by_two_instances_gets_the_pdf(two_instance_site: Site) -> None:
    site = two_instance_site
    patient = HttpsPatient(site)
    steps = list(PATIENTS[PATHWAY])
    for index, (step, answers) in enumerate(PATIENTS[PATHWAY].items()):
        reply = patient.submit(f"/en/{PATHWAY}/{step}", answers)
        following = steps[index + 1] if index + 1 < len(steps) else "review"
        assert reply.status == 302, f"POST {step}: {reply.status}\n{reply.text[:2000]}"
        assert reply.headers["Location"].endswith(f"/en/{PATHWAY}/{following}")
    patient.open(f"/en/{PATHWAY}/review")
    reply = patient.submit(f"/en/{PATHWAY}/where-you-stand", NOT_SURE_AND_READY)
    assert reply.status == 302, f"POST where-you-stand: {reply.status}\n{reply.text[:2000]}"
    assert reply.headers["Location"].endswith(f"/en/{PATHWAY}/sheet")
    sheet = patient.open(f"/en/{PATHWAY}/sheet")
    assert HEADING in sheet.text

    pdf_link = html.unescape(re.search(r'href="([^"]*sheet\.pdf[^"]*)"', sheet.text).group(1))
    pdf = patient.request("GET", pdf_link)
    assert pdf.status == 200, site.logs()
    assert pdf.body.startswith(b"%PDF-")
    assert HEADING in pdf_text(pdf.body)

    # Each instance saved some of the patient's answers: both read the same cookie.
    posts = {
        server.name: sum(
            f'"POST /en/{PATHWAY}/' in line for line in server.access_log.read_text().splitlines()
        )
        for server in site.instances
    }
    assert all(posts.values()), f"POSTs per instance: {posts}"
    assert sum(posts.values()) == len(steps) + 1, posts


# --- slow clients and wrong hosts -----------------------------------------------------


def test_slow_clients_do_not_freeze_the_site(site: Site) -> None:
    """Slowloris (security review, F3): connections that send their request header, or
    their form, one byte a second. nginx waits for them; gunicorn never sees them."""
    starts = [f"GET /en/{PATHWAY}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"] * 4 + [
        f"POST /en/{PATHWAY}/about_you HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    ] * 4
    # A worker's first page is slower (it warms up); this test is about the pages after.
    warm_up = HttpsPatient(site).request("GET", f"/en/{PATHWAY}/about_you")
    assert warm_up.status == 200, f"{warm_up.status}\n{site.logs()}"
    slow = []
    stop = threading.Event()
    try:
        for start in starts:
            raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=5)
            connection = site.tls().wrap_socket(raw, server_hostname="localhost")
            connection.sendall(start.encode())
            slow.append(connection)

        broken: list[OSError] = []

        def dribble() -> None:
            for _ in range(30):  # at most 30 s, one byte a second on each connection
                try:
                    for connection in slow:
                        connection.sendall(b"X")
                except OSError as error:
                    broken.append(error)
                    return
                if stop.wait(1):
                    return

        dribbler = threading.Thread(target=dribble, daemon=True)
        dribbler.start()
        time.sleep(2.5)  # the slow clients are now mid-header

        started = time.monotonic()
        reply = HttpsPatient(site).request("GET", f"/en/{PATHWAY}/about_you")
        took = time.monotonic() - started
        assert reply.status == 200, f"{reply.status}\n{site.logs()}"
        assert took < 3, f"a page took {took:.1f} s while slow clients were connected"
        assert not broken, f"a slow connection broke early: {broken}"
    finally:
        stop.set()
        for connection in slow:
            connection.close()


def test_a_host_the_site_does_not_serve_gets_400(site: Site) -> None:
    patient = HttpsPatient(site)
    right = patient.request("GET", f"/en/{PATHWAY}/", headers={"Host": "localhost"})
    assert right.status == 200, f"{right.status}\n{site.logs()}"
    wrong = patient.request("GET", f"/en/{PATHWAY}/", headers={"Host": "evil.example"})
    assert wrong.status == 400
