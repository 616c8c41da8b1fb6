#!/usr/bin/env python3
"""A real OPC UA server (Python asyncua 2.1.0) with a small machine model, for the OPCUA module's tests.

    machine_server.py --port N [--pki DIR] [--state DIR] [--exit-with-stdin]

Listens on opc.tcp://127.0.0.1:N/jetmes/ with three endpoints: None, Basic256Sha256 Sign and
Basic256Sha256 SignAndEncrypt (any client certificate is accepted). Identities: anonymous, or the
user names operator/secret-1 and engineer/secret-2; a wrong password fails ActivateSession with
BadUserAccessDenied. The server's application instance certificate (server_cert.der, with
server_cert.pem beside it) and key (server_key.pem) live in --pki; they are made there when
missing, so a restart reuses them. With --exit-with-stdin it also stops when its stdin reaches end of
file, so a test process that dies without stopping it leaves no orphan. With --state the model's variable values are saved to
DIR/state.json every 200 ms and after every method call, and loaded at start: a restarted server
(even one killed with SIGKILL) carries on from where it was.

Namespaces: 0 OPC UA, 1 the server's application URI, 2 urn:jetmes:test:padding (registered only
so that the model's namespace is not 1), 3 urn:jetmes:test:machines, which holds every model node
under a string NodeId: ns=3;s=Machines, ns=3;s=Lathe-01.State, ns=3;s=Test.Tags.Tag007, ...

Prints exactly one line `READY opc.tcp://127.0.0.1:N/jetmes/` on stdout once it listens; logs to
stderr at WARNING and above only; exits 0 on SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import ipaddress
import json
import logging
import os
import signal
import socket
import sys
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from asyncua import Server, ua
from asyncua.crypto.permission_rules import User, UserRole

APPLICATION_URI = "urn:jetmes:test:opcua-server"
PADDING_NAMESPACE = "urn:jetmes:test:padding"
MACHINES_NAMESPACE = "urn:jetmes:test:machines"
USERS = {"operator": "secret-1", "engineer": "secret-2"}
TAG_COUNT = 600
BIG_ARRAY_LENGTH = 20_000
COUNTER_PERIOD = 0.2

# PackML states (OPC 30050 / ISA-TR88.00.02) and commands.
CLEARING, STOPPED, STARTING, IDLE, SUSPENDED, EXECUTE, STOPPING, ABORTING, ABORTED = 1, 2, 3, 4, 5, 6, 7, 8, 9
HOLDING, HELD, UNHOLDING, SUSPENDING, UNSUSPENDING, RESETTING, COMPLETING, COMPLETE = 10, 11, 12, 13, 14, 15, 16, 17
RESET, START, STOP, HOLD, UNHOLD, SUSPEND, UNSUSPEND, ABORT, CLEAR, COMPLETE_COMMAND = range(1, 11)


def packml_transition(state: int, command: int) -> int | None:
    """The wait state a command leads to from `state` (acting states settle at once), or None if the command is invalid there."""
    if command == ABORT:
        return None if state in (ABORTING, ABORTED) else ABORTED
    if command == STOP:
        return None if state in (STOPPED, STOPPING, ABORTING, ABORTED, CLEARING) else STOPPED
    table = {
        RESET: ({STOPPED, COMPLETE}, IDLE),
        START: ({IDLE}, EXECUTE),
        HOLD: ({EXECUTE}, HELD),
        UNHOLD: ({HELD}, EXECUTE),
        SUSPEND: ({EXECUTE}, SUSPENDED),
        UNSUSPEND: ({SUSPENDED}, EXECUTE),
        CLEAR: ({ABORTED}, STOPPED),
        COMPLETE_COMMAND: ({EXECUTE}, COMPLETE),
    }
    sources, target = table[command]
    return target if state in sources else None


class MachineUserManager:
    """Anonymous sessions and the known user names with their passwords; anything else is refused
    (get_user returning None makes asyncua answer ActivateSession with BadUserAccessDenied)."""

    def get_user(self, iserver, username=None, password=None, certificate=None):
        if username is None:  # an AnonymousIdentityToken (X509 tokens are not offered)
            return User(role=UserRole.User, name="anonymous")
        if username is not None and USERS.get(username) == password:
            return User(role=UserRole.User, name=username)
        return None


def ensure_certificate(pki: Path) -> tuple[Path, Path]:
    """The server's self-signed RSA-2048 application instance certificate and key, made when missing."""
    pki.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = pki / "server_cert.der", pki / "server_key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "JetMES test OPC UA server"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JetMES"),
    ])
    dns = ["localhost"] + ([socket.gethostname()] if socket.gethostname() not in ("", "localhost") else [])
    now = datetime.datetime.now(datetime.timezone.utc)
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName(
            [x509.UniformResourceIdentifier(APPLICATION_URI)]
            + [x509.DNSName(d) for d in dns]
            + [x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=True, data_encipherment=True,
            key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_tmp, cert_tmp, pem_tmp = pki / "server_key.pem.tmp", pki / "server_cert.der.tmp", pki / "server_cert.pem.tmp"
    key_tmp.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    cert_tmp.write_bytes(certificate.public_bytes(serialization.Encoding.DER))
    pem_tmp.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    os.replace(key_tmp, key_path)
    os.replace(pem_tmp, pki / "server_cert.pem")
    os.replace(cert_tmp, cert_path)
    return cert_path, key_path


def argument(name: str, vtype: ua.VariantType, array: bool = False, description: str = "") -> ua.Argument:
    arg = ua.Argument()
    arg.Name = name
    arg.DataType = ua.NodeId(vtype.value)
    arg.ValueRank = 1 if array else -1
    arg.ArrayDimensions = [0] if array else []
    arg.Description = ua.LocalizedText(description or name)
    return arg


def check_arguments(args: tuple, expected: list[tuple[ua.VariantType, bool]]) -> ua.CallMethodResult | None:
    """Per OPC 10000-4 §5.11.2: the wrong count fails the call, a wrong type marks the argument BadTypeMismatch."""
    if len(args) < len(expected):
        return ua.CallMethodResult(StatusCode=ua.StatusCode(ua.StatusCodes.BadArgumentsMissing))
    if len(args) > len(expected):
        return ua.CallMethodResult(StatusCode=ua.StatusCode(ua.StatusCodes.BadTooManyArguments))
    results, bad = [], False
    for arg, (vtype, array) in zip(args, expected):
        ok = isinstance(arg, ua.Variant) and arg.VariantType == vtype and (
            (array and (arg.Value is None or isinstance(arg.Value, list))) or (not array and not isinstance(arg.Value, list)))
        results.append(ua.StatusCode() if ok else ua.StatusCode(ua.StatusCodes.BadTypeMismatch))
        bad = bad or not ok
    if bad:
        return ua.CallMethodResult(StatusCode=ua.StatusCode(ua.StatusCodes.BadInvalidArgument), InputArgumentResults=results)
    return None


class MachineModel:
    def __init__(self, server: Server, idx: int, state_dir: Path | None) -> None:
        self.server = server
        self.idx = idx
        self.state_file = state_dir / "state.json" if state_dir else None
        self.variables: dict[str, tuple[object, ua.VariantType]] = {}  # string id -> (node, type)

    def nid(self, text: str) -> ua.NodeId:
        return ua.NodeId(text, self.idx)

    def qn(self, name: str) -> ua.QualifiedName:
        return ua.QualifiedName(name, self.idx)

    async def variable(self, parent, path: str, name: str, value, vtype: ua.VariantType, array: bool = False):
        node = await parent.add_variable(self.nid(path), self.qn(name), ua.Variant(value, vtype, is_array=array) if array else ua.Variant(value, vtype), datatype=ua.NodeId(vtype.value))
        if array:
            await node.write_value_rank(1)
            await node.write_array_dimensions([len(value)])
        await node.set_writable()
        self.variables[path] = (node, vtype)
        return node

    async def method(self, parent, path: str, name: str, callback, inputs: list[ua.Argument], outputs: list[ua.Argument]):
        method = await parent.add_method(self.nid(path), self.qn(name), callback)
        for key, arguments in (("InputArguments", inputs), ("OutputArguments", outputs)):
            if arguments:
                prop = await method.add_property(self.nid(f"{path}.{key}"), ua.QualifiedName(key, 0),
                                                 ua.Variant(arguments, ua.VariantType.ExtensionObject),
                                                 datatype=ua.NodeId(ua.ObjectIds.Argument))
                await prop.write_value_rank(1)
                await prop.write_array_dimensions([len(arguments)])
        return method

    async def read(self, path: str):
        return await self.variables[path][0].read_value()

    async def write(self, path: str, value) -> None:
        node, vtype = self.variables[path]
        await node.write_value(ua.Variant(value, vtype))

    async def build(self) -> None:
        objects = self.server.nodes.objects
        V = ua.VariantType
        machines = await objects.add_folder(self.nid("Machines"), self.qn("Machines"))

        lathe = await machines.add_object(self.nid("Lathe-01"), self.qn("Lathe-01"))
        for name, value, vtype in [
            ("State", IDLE, V.Int32), ("UnitMode", 1, V.Int32),
            ("ProducedCount", 0, V.UInt32), ("GoodCount", 0, V.UInt32), ("BadCount", 0, V.UInt32),
            ("SpindleLoad", 0.0, V.Double), ("CoolantTemperature", 0.0, V.Double),
            ("AlarmActive", False, V.Boolean), ("AlarmCode", "", V.String), ("AlarmText", "", V.String),
        ]:
            await self.variable(lathe, f"Lathe-01.{name}", name, value, vtype)
        for name, unit in (("SpindleLoad", "%"), ("CoolantTemperature", "°C")):
            await self.variables[f"Lathe-01.{name}"][0].write_attribute(
                ua.AttributeIds.Description, ua.DataValue(ua.Variant(ua.LocalizedText(f"{name} in {unit}"))))
        await self.variables["Lathe-01.CoolantTemperature"][0].write_value(
            ua.DataValue(StatusCode=ua.StatusCode(ua.StatusCodes.BadSensorFailure)))
        await self.method(lathe, "Lathe-01.SendCommand", "SendCommand", self.send_command,
                          [argument("command", V.Int32, description="PackML command: 1 Reset, 2 Start, 3 Stop, 4 Hold, 5 Unhold, 6 Suspend, 7 Unsuspend, 8 Abort, 9 Clear, 10 Complete")],
                          [argument("newState", V.Int32, description="PackML state after the command")])
        await self.method(lathe, "Lathe-01.ProduceParts", "ProduceParts", self.produce_parts,
                          [argument("good", V.UInt32), argument("bad", V.UInt32)], [])
        await self.method(lathe, "Lathe-01.Restart", "Restart", self.restart, [], [])

        mill = await machines.add_object(self.nid("Mill-02"), self.qn("Mill-02"))
        for name, value, vtype in [("MachineryItemState", 3, V.Int32), ("ProducedCount", 0, V.UInt32),
                                   ("GoodCount", 0, V.UInt32), ("BadCount", 0, V.UInt32)]:
            await self.variable(mill, f"Mill-02.{name}", name, value, vtype)

        test = await objects.add_folder(self.nid("Test"), self.qn("Test"))
        await self.variable(test, "Test.BigArray", "BigArray", [i * 0.5 for i in range(BIG_ARRAY_LENGTH)], V.Double, array=True)
        tags = await test.add_folder(self.nid("Test.Tags"), self.qn("Tags"))
        for i in range(TAG_COUNT):
            await self.variable(tags, f"Test.Tags.Tag{i:03d}", f"Tag{i:03d}", float(i), V.Double)
        await self.method(test, "Test.BumpTags", "BumpTags", self.bump_tags,
                          [argument("delta", V.Double)], [argument("changed", V.UInt32)])
        await self.method(test, "Test.Scale", "Scale", self.scale,
                          [argument("values", V.Double, array=True), argument("factor", V.Double)],
                          [argument("scaled", V.Double, array=True), argument("sum", V.Double, description="sum of scaled")])
        await self.variable(test, "Test.Counter", "Counter", 0, V.UInt32)

    # Methods: callbacks get the object's NodeId and the input arguments as Variants.

    async def send_command(self, parent, *args):
        if (failure := check_arguments(args, [(ua.VariantType.Int32, False)])) is not None:
            return failure
        command = args[0].Value
        if not 1 <= command <= 10:
            return ua.CallMethodResult(StatusCode=ua.StatusCode(ua.StatusCodes.BadInvalidArgument),
                                       InputArgumentResults=[ua.StatusCode(ua.StatusCodes.BadOutOfRange)])
        new_state = packml_transition(await self.read("Lathe-01.State"), command)
        if new_state is None:
            return ua.StatusCode(ua.StatusCodes.BadInvalidState)
        await self.write("Lathe-01.State", new_state)
        await self.save()
        return [ua.Variant(new_state, ua.VariantType.Int32)]

    async def produce_parts(self, parent, *args):
        if (failure := check_arguments(args, [(ua.VariantType.UInt32, False)] * 2)) is not None:
            return failure
        good, bad = args[0].Value, args[1].Value
        for path, add in (("ProducedCount", good + bad), ("GoodCount", good), ("BadCount", bad)):
            await self.write(f"Lathe-01.{path}", (await self.read(f"Lathe-01.{path}") + add) & 0xFFFF_FFFF)
        await self.save()
        return []

    async def restart(self, parent, *args):
        if (failure := check_arguments(args, [])) is not None:
            return failure
        for path in ("ProducedCount", "GoodCount", "BadCount"):
            await self.write(f"Lathe-01.{path}", 0)
        await self.write("Lathe-01.State", STOPPED)
        await self.save()
        return []

    async def bump_tags(self, parent, *args):
        if (failure := check_arguments(args, [(ua.VariantType.Double, False)])) is not None:
            return failure
        delta = args[0].Value
        for i in range(TAG_COUNT):
            path = f"Test.Tags.Tag{i:03d}"
            await self.write(path, (await self.read(path) or 0.0) + delta)
        await self.save()
        return [ua.Variant(TAG_COUNT, ua.VariantType.UInt32)]

    async def scale(self, parent, *args):
        if (failure := check_arguments(args, [(ua.VariantType.Double, True), (ua.VariantType.Double, False)])) is not None:
            return failure
        values, factor = args[0].Value or [], args[1].Value
        scaled = [v * factor for v in values]
        return [ua.Variant(scaled, ua.VariantType.Double, is_array=True), ua.Variant(sum(scaled), ua.VariantType.Double)]

    # The background counter and the saved state.

    async def tick(self) -> None:
        while True:
            await asyncio.sleep(COUNTER_PERIOD)
            await self.write("Test.Counter", ((await self.read("Test.Counter")) + 1) & 0xFFFF_FFFF)
            await self.save()

    async def save(self) -> None:
        if self.state_file is None:
            return
        snapshot = {}
        aspace = self.server.iserver.aspace
        for path, (node, _) in self.variables.items():
            if path == "Test.BigArray":
                continue
            dv = aspace.read_attribute_value(node.nodeid, ua.AttributeIds.Value)
            snapshot[path] = {"value": dv.Value.Value if dv.Value is not None else None,
                              "status": dv.StatusCode.value if dv.StatusCode is not None else 0}
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(snapshot))
        os.replace(tmp, self.state_file)

    async def load(self) -> None:
        if self.state_file is None or not self.state_file.exists():
            return
        try:
            snapshot = json.loads(self.state_file.read_text())
        except (OSError, ValueError) as error:
            logging.warning("ignoring unreadable state file %s: %s", self.state_file, error)
            return
        for path, saved in snapshot.items():
            if path not in self.variables:
                continue
            node, vtype = self.variables[path]
            status = ua.StatusCode(saved["status"])
            if status.is_bad():
                await node.write_value(ua.DataValue(StatusCode=status))
            elif saved["value"] is not None:
                await node.write_value(ua.DataValue(ua.Variant(saved["value"], vtype), StatusCode=status))


listening = threading.Event()


def watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """No orphans: the test process holds our stdin open, so end of file means it is gone (or
    done with us): stop cleanly once listening, or leave at once while still starting."""
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    if not listening.is_set():
        os._exit(0)
    loop.call_soon_threadsafe(stop.set)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pki", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "jetmes-opcua-pki")
    parser.add_argument("--state", type=Path)
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="stop when stdin reaches end of file (the launching process closed it or died)")
    options = parser.parse_args()

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    cert_path, key_path = ensure_certificate(options.pki)
    if options.state is not None:
        options.state.mkdir(parents=True, exist_ok=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if options.exit_with_stdin:
        threading.Thread(target=watch_stdin, args=(loop, stop), daemon=True).start()

    url = f"opc.tcp://127.0.0.1:{options.port}/jetmes/"
    server = Server(user_manager=MachineUserManager())
    await server.init()
    server.set_endpoint(url)
    server.set_server_name("JetMES test OPC UA server")
    await server.set_application_uri(APPLICATION_URI)
    server.product_uri = "urn:jetmes:test:opcua-server:product"
    await server.load_certificate(str(cert_path))
    await server.load_private_key(str(key_path))
    server.set_security_policy([
        ua.SecurityPolicyType.NoSecurity,
        ua.SecurityPolicyType.Basic256Sha256_Sign,
        ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt,
    ])
    server.set_identity_tokens([ua.AnonymousIdentityToken, ua.UserNameIdentityToken])
    # No certificate validator: every client certificate is accepted.

    padding = await server.register_namespace(PADDING_NAMESPACE)
    idx = await server.register_namespace(MACHINES_NAMESPACE)
    assert padding == 2 and idx == 3, (padding, idx)
    model = MachineModel(server, idx, options.state)
    await model.build()
    await model.load()


    if stop.is_set():  # SIGTERM or SIGINT while starting
        return 0
    await server.start()
    listening.set()
    ticker = asyncio.create_task(model.tick())
    print(f"READY {url}", flush=True)
    try:
        await stop.wait()
    finally:
        ticker.cancel()
        try:
            await ticker
        except asyncio.CancelledError:
            pass
        await model.save()
        await server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
