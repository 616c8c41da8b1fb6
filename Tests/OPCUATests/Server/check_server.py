#!/usr/bin/env python3
"""By-hand self-check of machine_server.py with asyncua's own client (not run by `swift test`).

    .venv-opcua/bin/python Tests/OPCUATests/Server/check_server.py [--url URL --pki DIR]

Without --url it starts machine_server.py on a free port of 127.0.0.1 (in a temporary folder)
and stops it afterwards. Prints what it sees and exits non-zero on the first failed expectation.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from asyncua import Client, ua
from asyncua.crypto.security_policies import SecurityPolicyBasic256Sha256

HERE = Path(__file__).resolve().parent
CLIENT_URI = "urn:jetmes:test:check-client"


def expect(condition: bool, what: str) -> None:
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        raise SystemExit(1)


def client_certificate(folder: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "JetMES check client")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(CLIENT_URI), x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=True, data_encipherment=True,
                                         key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "client_cert.der", folder / "client_key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


async def secure_client(url: str, folder: Path, pki: Path, mode: ua.MessageSecurityMode, user: str | None, password: str | None) -> Client:
    client = Client(url, timeout=10)
    client.application_uri = CLIENT_URI
    cert_path, key_path = client_certificate(folder)
    await client.set_security(SecurityPolicyBasic256Sha256, str(cert_path), str(key_path),
                              server_certificate=str(pki / "server_cert.der"), mode=mode)
    if user is not None:
        client.set_user(user)
        client.set_password(password)
    return client


async def check(url: str, pki: Path, folder: Path) -> None:
    # Endpoints, over an unsecured channel without a session.
    probe = Client(url, timeout=10)
    endpoints = await probe.connect_and_get_server_endpoints()
    for e in endpoints:
        tokens = ", ".join(f"{t.PolicyId}:{t.TokenType.name}:{t.SecurityPolicyUri}" for t in e.UserIdentityTokens)
        print(f"      endpoint {e.EndpointUrl} {e.SecurityPolicyUri} {e.SecurityMode.name} level={e.SecurityLevel} tokens=[{tokens}]")
    expect(len(endpoints) == 3, "three endpoints")

    # Anonymous, no security.
    async with Client(url, timeout=10) as client:
        namespaces = await client.get_namespace_array()
        print(f"      NamespaceArray {namespaces}")
        idx = namespaces.index("urn:jetmes:test:machines")
        expect(idx == 3 and namespaces[2] == "urn:jetmes:test:padding", f"urn:jetmes:test:machines is ns={idx}")
        machines = await client.nodes.objects.get_child([f"{idx}:Machines"])
        children = [(await c.read_browse_name()).Name for c in await machines.get_children()]
        expect(sorted(children) == ["Lathe-01", "Mill-02"], f"Machines holds {children} ({machines.nodeid.to_string()})")
        lathe = client.get_node(f"ns={idx};s=Lathe-01")
        lathe_children = {(await c.read_browse_name()).Name: c.nodeid.to_string() for c in await lathe.get_children()}
        print(f"      Lathe-01 children {lathe_children}")
        state = client.get_node(f"ns={idx};s=Lathe-01.State")
        expect(await state.read_value() in (4, 2, 6, 17), f"Lathe-01.State = {await state.read_value()}")
        await lathe.call_method(f"{idx}:Restart")
        expect(await state.read_value() == 2, "Restart -> Stopped (2)")
        new_state = await lathe.call_method(f"{idx}:SendCommand", ua.Variant(1, ua.VariantType.Int32))
        expect(new_state == 4, f"SendCommand(Reset) from Stopped -> {new_state}")
        new_state = await lathe.call_method(f"{idx}:SendCommand", ua.Variant(2, ua.VariantType.Int32))
        expect(new_state == 6, f"SendCommand(Start) from Idle -> {new_state}")
        try:
            await lathe.call_method(f"{idx}:SendCommand", ua.Variant(2, ua.VariantType.Int32))
            expect(False, "SendCommand(Start) in Execute fails")
        except ua.UaStatusCodeError as error:
            expect(error.code == ua.StatusCodes.BadInvalidState, f"SendCommand(Start) in Execute -> {type(error).__name__}")
        try:
            await lathe.call_method(f"{idx}:SendCommand", ua.Variant(2.0, ua.VariantType.Double))
            expect(False, "SendCommand(2.0) fails")
        except ua.UaStatusCodeError as error:
            expect(error.code == ua.StatusCodes.BadInvalidArgument, f"SendCommand(Double) -> {type(error).__name__}")
        await lathe.call_method(f"{idx}:ProduceParts", ua.Variant(5, ua.VariantType.UInt32), ua.Variant(2, ua.VariantType.UInt32))
        counts = [await client.get_node(f"ns={idx};s=Lathe-01.{n}").read_value() for n in ("ProducedCount", "GoodCount", "BadCount")]
        expect(counts == [7, 5, 2], f"ProduceParts(5, 2) -> Produced/Good/Bad {counts}")
        test = client.get_node(f"ns={idx};s=Test")
        scaled, total = await test.call_method(f"{idx}:Scale", ua.Variant([1.0, 2.0, 3.5], ua.VariantType.Double, is_array=True),
                                               ua.Variant(2.0, ua.VariantType.Double))
        expect(scaled == [2.0, 4.0, 7.0] and total == 13.0, f"Scale([1, 2, 3.5], 2) -> {scaled}, {total}")
        tag = client.get_node(f"ns={idx};s=Test.Tags.Tag123")
        before = await tag.read_value()
        changed = await test.call_method(f"{idx}:BumpTags", ua.Variant(0.25, ua.VariantType.Double))
        expect(changed == 600 and await tag.read_value() == before + 0.25, f"BumpTags(0.25) -> {changed}, Tag123 {before} -> {await tag.read_value()}")
        big = await client.get_node(f"ns={idx};s=Test.BigArray").read_value()
        expect(len(big) == 20000 and big[19999] == 9999.5, f"BigArray has {len(big)} values, last {big[-1]}")
        coolant = await client.get_node(f"ns={idx};s=Lathe-01.CoolantTemperature").read_data_value(raise_on_bad_status=False)
        expect(coolant.StatusCode.value == ua.StatusCodes.BadSensorFailure,
               f"CoolantTemperature status {coolant.StatusCode.name} value {coolant.Value}")
        counter = client.get_node(f"ns={idx};s=Test.Counter")
        first = await counter.read_value()
        await asyncio.sleep(0.5)
        expect(await counter.read_value() > first, f"Counter moves ({first} -> {await counter.read_value()})")
        mill_state = await client.get_node(f"ns={idx};s=Mill-02.MachineryItemState").read_value()
        expect(mill_state in (0, 1, 2, 3), f"Mill-02.MachineryItemState = {mill_state}")
        await client.get_node(f"ns={idx};s=Lathe-01.AlarmText").write_value(ua.Variant("coolant low", ua.VariantType.String))
        expect(await client.get_node(f"ns={idx};s=Lathe-01.AlarmText").read_value() == "coolant low", "AlarmText is writable")

    # Basic256Sha256 SignAndEncrypt (and Sign) as operator.
    for mode in (ua.MessageSecurityMode.SignAndEncrypt, ua.MessageSecurityMode.Sign):
        client = await secure_client(url, folder, pki, mode, "operator", "secret-1")
        async with client:
            namespaces = await client.get_namespace_array()
            load = client.get_node("ns=3;s=Lathe-01.SpindleLoad")
            await load.write_value(ua.Variant(42.5, ua.VariantType.Double))
            expect(await load.read_value() == 42.5 and len(namespaces) == 4, f"Basic256Sha256 {mode.name} as operator: session works")

    # Wrong password.
    for mode in (None, ua.MessageSecurityMode.SignAndEncrypt):
        if mode is None:
            client = Client(url, timeout=10)
            client.set_user("operator")
            client.set_password("wrong")
        else:
            client = await secure_client(url, folder, pki, mode, "operator", "wrong")
        try:
            await client.connect()
            await client.disconnect()
            expect(False, "a wrong password is refused")
        except ua.UaStatusCodeError as error:
            expect(error.code == ua.StatusCodes.BadUserAccessDenied,
                   f"wrong password ({mode.name if mode else 'None'}) -> {type(error).__name__} 0x{error.code:08X}")
            try:
                await client.disconnect()
            except Exception:
                pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--pki", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = None
        url, pki = options.url, options.pki
        if url is None:
            pki = folder / "pki"
            server = subprocess.Popen([sys.executable, str(HERE / "machine_server.py"), "--port", str(free_port()), "--pki", str(pki)],
                                      stdout=subprocess.PIPE, text=True)
            line = server.stdout.readline().strip()
            expect(line.startswith("READY "), f"server says {line!r}")
            url = line.split(" ", 1)[1]
        try:
            asyncio.run(check(url, pki, folder))
        finally:
            if server is not None:
                server.terminate()
                expect(server.wait(timeout=10) == 0, "server exits 0 on SIGTERM")
    print("check_server: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
