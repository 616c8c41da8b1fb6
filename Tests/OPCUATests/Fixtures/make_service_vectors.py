#!/usr/bin/env python3
"""Builds service messages with fixed field values using asyncua's own encoder and prints
their UA Binary encoding as hex, for ServiceMessageTests.swift to decode, check and re-encode
byte for byte.

Run (asyncua 2.1.0 was used for the vectors in the test):
    python3 -m venv /tmp/venv-asyncua && /tmp/venv-asyncua/bin/pip install asyncua
    /tmp/venv-asyncua/bin/python Tests/OPCUATests/Fixtures/make_service_vectors.py

struct_to_binary on a request or response writes its TypeId field first (the NodeId of the
DefaultBinary encoding), then the header and the parameters: the body exactly as it follows
the message header on a secure channel.
"""
from datetime import datetime, timezone

import asyncua
from asyncua import ua
from asyncua.ua.ua_binary import struct_to_binary

T0 = datetime(2024, 5, 17, 8, 30, 15, tzinfo=timezone.utc)
T1 = datetime(2024, 5, 17, 8, 30, 16, tzinfo=timezone.utc)


def request_header(handle):
    h = ua.RequestHeader()
    h.AuthenticationToken = ua.NodeId(1001, 0)
    h.Timestamp = T0
    h.RequestHandle = handle
    h.ReturnDiagnostics = 0
    h.AuditEntryId = None
    h.TimeoutHint = 10000
    h.AdditionalHeader = ua.ExtensionObject()
    return h


def response_header(handle):
    h = ua.ResponseHeader()
    h.Timestamp = T1
    h.RequestHandle = handle
    h.ServiceResult = ua.StatusCode(0)
    h.ServiceDiagnostics = ua.DiagnosticInfo()
    h.StringTable = []
    h.AdditionalHeader = ua.ExtensionObject()
    return h


def read_request():
    r = ua.ReadRequest()
    r.RequestHeader = request_header(1)
    r.Parameters.MaxAge = 500.0
    r.Parameters.TimestampsToReturn = ua.TimestampsToReturn.Both
    a = ua.ReadValueId()
    a.NodeId = ua.NodeId("Lathe.Spindle.Speed", 2)
    a.AttributeId = ua.AttributeIds.Value
    b = ua.ReadValueId()
    b.NodeId = ua.NodeId(2258, 0)
    b.AttributeId = ua.AttributeIds.DisplayName
    b.IndexRange = "1:2"
    b.DataEncoding = ua.QualifiedName("Default Binary", 0)
    r.Parameters.NodesToRead = [a, b]
    return r


def application_description(uri, name, kind):
    d = ua.ApplicationDescription()
    d.ApplicationUri = uri
    d.ProductUri = "urn:jetmes:product"
    d.ApplicationName = ua.LocalizedText(name, "en")
    d.ApplicationType = kind
    d.GatewayServerUri = None
    d.DiscoveryProfileUri = None
    d.DiscoveryUrls = ["opc.tcp://plc.example:4840"] if kind == ua.ApplicationType.Server else []
    return d


def create_session_request():
    r = ua.CreateSessionRequest()
    r.RequestHeader = request_header(2)
    p = r.Parameters
    p.ClientDescription = application_description("urn:jetmes:client", "JetMES", ua.ApplicationType.Client)
    p.ServerUri = None
    p.EndpointUrl = "opc.tcp://plc.example:4840"
    p.SessionName = "JetMES session 1"
    p.ClientNonce = bytes(range(32))
    p.ClientCertificate = None
    p.RequestedSessionTimeout = 3600000.0
    p.MaxResponseMessageSize = 0
    return r


def activate_session_request():
    r = ua.ActivateSessionRequest()
    r.RequestHeader = request_header(3)
    p = r.Parameters
    p.ClientSignature = ua.SignatureData()
    p.ClientSignature.Algorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    p.ClientSignature.Signature = b"\x01\x02\x03\x04"
    p.ClientSoftwareCertificates = []
    p.LocaleIds = ["en-US", "de-DE"]
    token = ua.UserNameIdentityToken()
    token.PolicyId = "username_basic256sha256"
    token.UserName = "operator"
    token.Password = b"\xaa\xbb\xcc"
    token.EncryptionAlgorithm = "http://www.w3.org/2001/04/xmlenc#rsa-oaep"
    p.UserIdentityToken = token
    p.UserTokenSignature = ua.SignatureData()
    return r


def create_monitored_items_request():
    r = ua.CreateMonitoredItemsRequest()
    r.RequestHeader = request_header(4)
    p = r.Parameters
    p.SubscriptionId = 7
    p.TimestampsToReturn = ua.TimestampsToReturn.Source
    item = ua.MonitoredItemCreateRequest()
    item.ItemToMonitor = ua.ReadValueId()
    item.ItemToMonitor.NodeId = ua.NodeId("Lathe.Spindle.Speed", 2)
    item.ItemToMonitor.AttributeId = ua.AttributeIds.Value
    item.MonitoringMode = ua.MonitoringMode.Reporting
    mp = ua.MonitoringParameters()
    mp.ClientHandle = 42
    mp.SamplingInterval = 250.0
    f = ua.DataChangeFilter()
    f.Trigger = ua.DataChangeTrigger.StatusValueTimestamp
    f.DeadbandType = ua.DeadbandType.Absolute
    f.DeadbandValue = 0.5
    mp.Filter = f
    mp.QueueSize = 10
    mp.DiscardOldest = True
    item.RequestedParameters = mp
    p.ItemsToCreate = [item]
    return r


def publish_response():
    r = ua.PublishResponse()
    r.ResponseHeader = response_header(5)
    p = r.Parameters
    p.SubscriptionId = 7
    p.AvailableSequenceNumbers = [3, 4]
    p.MoreNotifications = False
    n1 = ua.MonitoredItemNotification()
    n1.ClientHandle = 42
    n1.Value = ua.DataValue(ua.Variant(1234.5, ua.VariantType.Double), ua.StatusCode(0), SourceTimestamp=T0, ServerTimestamp=T1)
    n2 = ua.MonitoredItemNotification()
    n2.ClientHandle = 43
    n2.Value = ua.DataValue(ua.Variant(0.0, ua.VariantType.Double), ua.StatusCode(0x808C0000))
    dc = ua.DataChangeNotification()
    dc.MonitoredItems = [n1, n2]
    dc.DiagnosticInfos = []
    msg = ua.NotificationMessage()
    msg.SequenceNumber = 4
    msg.PublishTime = T1
    msg.NotificationData = [dc]
    p.NotificationMessage = msg
    p.Results = [ua.StatusCode(0)]
    p.DiagnosticInfos = []
    return r


def browse_response():
    r = ua.BrowseResponse()
    r.ResponseHeader = response_header(6)
    res = ua.BrowseResult()
    res.StatusCode = ua.StatusCode(0)
    res.ContinuationPoint = b"\x10\x20"
    ref = ua.ReferenceDescription()
    ref.ReferenceTypeId = ua.NodeId(35, 0)
    ref.IsForward = True
    ref.NodeId = ua.ExpandedNodeId("Lathe", 2)
    ref.BrowseName = ua.QualifiedName("Lathe", 2)
    ref.DisplayName = ua.LocalizedText("Lathe")
    ref.NodeClass = ua.NodeClass.Object
    ref.TypeDefinition = ua.ExpandedNodeId(58, 0)
    ref2 = ua.ReferenceDescription()
    ref2.ReferenceTypeId = ua.NodeId(47, 0)
    ref2.IsForward = True
    ref2.NodeId = ua.ExpandedNodeId("Lathe.Reset", 2)
    ref2.BrowseName = ua.QualifiedName("Reset", 2)
    ref2.DisplayName = ua.LocalizedText("Reset", "en")
    ref2.NodeClass = ua.NodeClass.Method
    ref2.TypeDefinition = ua.ExpandedNodeId(0, 0)
    res.References = [ref, ref2]
    r.Results = [res]
    r.DiagnosticInfos = []
    return r


def call_request():
    r = ua.CallRequest()
    r.RequestHeader = request_header(7)
    m = ua.CallMethodRequest()
    m.ObjectId = ua.NodeId("Lathe", 2)
    m.MethodId = ua.NodeId("Lathe.Reset", 2)
    m.InputArguments = [
        ua.Variant(3, ua.VariantType.Int32),
        ua.Variant("full", ua.VariantType.String),
        ua.Variant([1.5, 2.5], ua.VariantType.Double),
        ua.Variant(True, ua.VariantType.Boolean),
    ]
    r.Parameters.MethodsToCall = [m]
    return r


def get_endpoints_response():
    r = ua.GetEndpointsResponse()
    r.ResponseHeader = response_header(8)
    e = ua.EndpointDescription()
    e.EndpointUrl = "opc.tcp://plc.example:4840"
    e.Server = application_description("urn:plc:server", "PLC", ua.ApplicationType.Server)
    e.ServerCertificate = b"\x30\x82\x01\x0a"
    e.SecurityMode = ua.MessageSecurityMode.SignAndEncrypt
    e.SecurityPolicyUri = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256"
    anon = ua.UserTokenPolicy()
    anon.PolicyId = "anonymous"
    anon.TokenType = ua.UserTokenType.Anonymous
    user = ua.UserTokenPolicy()
    user.PolicyId = "username_basic256sha256"
    user.TokenType = ua.UserTokenType.UserName
    user.SecurityPolicyUri = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256"
    e.UserIdentityTokens = [anon, user]
    e.TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary"
    e.SecurityLevel = 3
    r.Endpoints = [e]
    return r


def argument():
    a = ua.Argument()
    a.Name = "Mode"
    a.DataType = ua.NodeId(12, 0)
    a.ValueRank = 1
    a.ArrayDimensions = [0]
    a.Description = ua.LocalizedText("How to reset", "en")
    return a


VECTORS = [
    ("readRequest", read_request),
    ("createSessionRequest", create_session_request),
    ("activateSessionRequest", activate_session_request),
    ("createMonitoredItemsRequest", create_monitored_items_request),
    ("publishResponse", publish_response),
    ("browseResponse", browse_response),
    ("callRequest", call_request),
    ("getEndpointsResponse", get_endpoints_response),
    ("argument", argument),
    # asyncua sets the value bit of a DataValue with no value and writes a null Variant; the
    # Swift encoder leaves both out, so this one is only decoded.
    ("nullValueDataValue", lambda: ua.DataValue(None, ua.StatusCode(0x808C0000))),
]

if __name__ == "__main__":
    print(f"// asyncua {asyncua.__version__ if hasattr(asyncua, '__version__') else '?'}")
    for name, make in VECTORS:
        print(f'    static let {name} = "{struct_to_binary(make()).hex()}"')
