#!/usr/bin/env python3
"""Writes Sources/MESServer/openapi.json, the OpenAPI 3.1 document of `mes serve`, from the
route table below, and Sources/Training/openapi-training.json, the trainer's console that
`mes train` adds (it serves both merged at /openapi.json). Tests check that each document and
the routes its server registers are the same set, so edit both together. Run from the
repository root.

The schemas describe the JSON the server really reads and writes (Sources/MESServer/*Routes.swift
and the MESCore types they return): the responses come from a JSONEncoder with ISO 8601 dates
(`2025-01-31T08:00:00Z`, whole seconds) and sorted keys; a Swift optional that is nil is left out
(never null), so only the non-optional properties are `required`; enums are their raw values.
Requests are decoded strictly (RequestBody.swift): a property the request does not have is a 400,
so every request schema is closed; dates are ISO 8601 (upper-case T and Z; fractional seconds
dropped); a malformed body is a 400, a refused command 403/404/409/422 (MESError.httpStatus).
Lists answer a JSON array, the next page in a `Link: <…>; rel="next"` header and the size of the
filtered list in `X-Total-Count`."""
import json

STRING, INTEGER, NUMBER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date-time"}
# What JSONDecoder's .iso8601 strategy accepts (400 otherwise): RFC 3339 with upper-case T and Z;
# fractional seconds are dropped.
REQUEST_DATE = {"type": "string", "format": "date-time", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"}
CALENDAR_DATE = {"type": "string", "format": "date", "description": "A calendar date yyyy-MM-dd"}
STRINGS = {"type": "array", "items": STRING}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def array(item):
    return {"type": "array", "items": item}


def enum(*values):
    return {"type": "string", "enum": list(values)}


def request(properties, optional=()):
    """A request body: unknown properties are refused (400)."""
    return obj(properties, optional, closed=True)


def obj(properties, optional=(), closed=False, description=None):
    """An object with `properties`, all required but the `optional` ones (Swift optionals)."""
    unknown = set(optional) - set(properties)
    assert not unknown, unknown
    schema = {"type": "object", "required": [name for name in properties if name not in optional], "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


ROLES = ["System Administrator", "Plant Manager", "Production Supervisor", "Production Planner", "Operator", "Quality Engineer",
         "Quality Inspector", "Maintenance Technician"]
ENTITY_KINDS = ["part", "material", "lot", "equipment", "tool", "operator", "workOrder", "serial", "maintenanceOrder", "substitution",
                "inspectionPlan", "inspection", "nonConformance", "certificate", "firstArticle"]
PRIORITY = enum("Low", "Normal", "High", "Critical")
WORK_ORDER_STATUS = enum("Created", "Released", "InProgress", "Completed", "Closed", "OnHold", "Cancelled")
OPERATION_STATUS = enum("Pending", "InProgress", "Completed", "Scrapped")
OPERATION_KIND = enum("Routing", "Rework", "Repair", "Reinspection")
SERIAL_STATUS = enum("InProcess", "Completed", "Scrapped")
LOT_STATUS = enum("Available", "Quarantined", "Consumed", "Returned")
INSPECTION_STATUS = enum("Open", "Passed", "Failed")
NCR_STATUS = enum("Open", "UnderReview", "Dispositioned", "Closed")
DISPOSITION = enum("UseAsIs", "Rework", "Repair", "Scrap", "ReturnToVendor")
EQUIPMENT_STATE = enum("Stopped", "Idle", "Execute", "Held", "Suspended", "Aborted", "Maintenance", "Setup")
MAINTENANCE_KIND = enum("preventive", "corrective", "calibration")
MAINTENANCE_STATUS = enum("Scheduled", "InProgress", "Completed")
QUANTITY = {"type": "integer", "minimum": 1, "maximum": 100_000, "description": "Units to make; 422 outside 1...100000"}

SCHEMAS = {
    # RFC 9457 (ProblemDetails.swift): every error of the API.
    "ProblemDetails": obj({"type": STRING, "title": STRING, "status": {"type": "integer", "minimum": 400, "maximum": 599}, "detail": STRING,
                           "pointer": {"type": "string", "description": "JSON pointer to the offending field of the request body"},
                           "parameter": {"type": "string", "description": "The offending query parameter"}},
                          optional=["pointer", "parameter"], closed=True),
    # AuthRoutes.swift, UserAdministrationRoutes.swift
    "LoginRequest": request({"username": STRING, "password": STRING,
                             "totp": {"type": "string", "description": "The authenticator's current code, for a role marked as needing one"}},
                            optional=["totp"]),
    "LoginResponse": obj({"accessToken": STRING, "tokenType": {"type": "string", "const": "Bearer"}, "expiresAt": DATE,
                          "refreshToken": {"type": "string", "description": "Exchange at /auth/refresh for the next pair; single use"},
                          "refreshExpiresAt": DATE, "roles": array(ref("Role"))}, closed=True),
    "RefreshRequest": request({"refreshToken": STRING}),
    "LogoutRequest": request({"refreshToken": STRING}, optional=["refreshToken"]),
    "User": obj({"username": STRING, "name": STRING, "roles": array(ref("Role")), "disabled": BOOLEAN, "mfaEnrolled": BOOLEAN, "mfaRequired": BOOLEAN},
                closed=True),
    "UserChange": request({"name": STRING, "roles": {"type": "array", "items": ref("Role"), "minItems": 1},
                           "password": {"type": "string", "minLength": 12}, "disabled": BOOLEAN}, optional=["name", "roles", "password", "disabled"]),
    "TOTPEnrolment": obj({"secret": {"type": "string", "description": "Base32; shown once"}, "otpauthURI": STRING, "digits": INTEGER, "period": INTEGER,
                          "algorithm": enum("SHA1", "SHA256", "SHA512")}, closed=True),
    "RoleView": obj({"role": ref("Role"), "requiresMFA": BOOLEAN,
                     "permissions": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^C?R?U?D?$"},
                                     "description": "§5.2 resource → the letters of C, R, U, D allowed"}}, closed=True),
    "RolePolicy": request({"requiresMFA": BOOLEAN}),
    # WebhookRoutes (Webhooks.swift)
    "NewWebhook": request({"url": {"type": "string", "description": "http or https URL"},
                           "events": {"type": "array", "minItems": 1, "items": enum("machineDown", "ncrOpened", "pmOverdue")},
                           "secret": {"type": "string", "minLength": 16, "description": "Keys the HMAC-SHA256 X-JetMES-Signature of each delivery"}}),
    "Webhook": obj({"id": STRING, "url": STRING, "events": array(enum("machineDown", "ncrOpened", "pmOverdue")), "createdAt": DATE, "createdBy": STRING,
                    "lastStatus": INTEGER, "lastDeliveredAt": DATE, "failedDeliveries": INTEGER}, optional=["lastStatus", "lastDeliveredAt"], closed=True),
    # ExportRoutes.swift
    "ExportRequest": request({"subject": ref("EntityReference"), "format": enum("json", "csv")}, optional=["format"]),
    "TraceabilityExport": {"type": "object", "description": "For a serial: serial, genealogy, backward, auditTrail; for a lot: lot, forward, auditTrail",
                           "required": ["exportedAt", "exportedBy", "auditTrail"],
                           "properties": {"exportedAt": DATE, "exportedBy": STRING, "serial": STRING, "lot": STRING, "genealogy": ref("Genealogy"),
                                          "backward": ref("BackwardTrace"), "forward": ref("ForwardTrace"), "auditTrail": array(ref("AuditRecord"))}},
    "NewUser": request({"username": {"type": "string", "minLength": 1, "description": "Not blank (422)"}, "name": STRING,
                    "roles": {"type": "array", "items": ref("Role"), "minItems": 1, "description": "At least one (422); an unknown role is a 422"},
                    "password": {"type": "string", "minLength": 12, "description": "At least 12 characters (422)"}}),
    "ReceiveLotRequest": request({"lotCode": STRING, "material": STRING, "heatNumber": STRING, "supplier": STRING, "quantity": NUMBER, "unit": STRING,
                                  "certificates": array(ref("MaterialCertificateRequest"))}, optional=["certificates"]),
    "MaterialCertificateRequest": request({"id": STRING, "type": STRING, "issuer": STRING, "issued": REQUEST_DATE}),
    "MaterialLot": obj({"lotCode": STRING, "material": STRING, "heatNumber": STRING, "supplier": STRING, "quantity": NUMBER, "remaining": NUMBER,
                        "allocated": NUMBER, "unit": STRING, "status": LOT_STATUS, "certificates": array(ref("MaterialCertificate")), "parentLot": STRING},
                       optional=["parentLot"]),
    "Health": obj({"status": enum("live", "ready"), "journalEntries": {"type": "integer", "minimum": 0}}, optional=["journalEntries"], closed=True),
    "Role": enum(*ROLES),
    # MESCore shared values
    "EntityReference": obj({"kind": enum(*ENTITY_KINDS), "id": STRING}, closed=True),
    "ElectronicSignature": obj({"signerId": STRING, "printedName": STRING, "time": DATE, "meaning": enum("review", "approval", "responsibility", "authorship")},
                               closed=True),
    # WorkOrderRoutes.swift
    "CreateWorkOrderRequest": request({"partNumber": STRING, "revision": {"type": "string", "description": "The part's highest revision when omitted"},
                                   "quantity": QUANTITY, "priority": PRIORITY, "targetDate": CALENDAR_DATE, "customerOrder": STRING},
                                  optional=["revision", "priority", "targetDate", "customerOrder"]),
    "UpdateWorkOrderRequest": request({"quantity": QUANTITY, "priority": PRIORITY, "targetDate": CALENDAR_DATE, "customerOrder": STRING},
                                  optional=["quantity", "priority", "targetDate", "customerOrder"]),
    "WorkOrder": obj({"id": STRING, "partNumber": STRING, "revision": STRING, "quantity": INTEGER, "priority": PRIORITY, "targetDate": CALENDAR_DATE,
                      "customerOrder": STRING, "status": WORK_ORDER_STATUS, "createdAt": DATE, "releasedAt": DATE, "completedAt": DATE,
                      "serials": STRINGS, "operations": array(ref("Operation"))},
                     optional=["targetDate", "customerOrder", "releasedAt", "completedAt"]),
    "Operation": obj({"serial": STRING, "operationNumber": INTEGER, "description": STRING, "workCenter": STRING, "kind": OPERATION_KIND,
                      "status": OPERATION_STATUS, "equipmentId": STRING, "operatorId": STRING, "startedAt": DATE, "completedAt": DATE, "scrapReason": STRING,
                      "requiredCertification": {"type": "string", "description": "The certification (skill) the operator must hold, if the routing asks for one"},
                      "inspectionPlan": {"type": "string", "description": "The inspection plan the routing attaches to this operation (routing operations only)"}},
                     optional=["equipmentId", "operatorId", "startedAt", "completedAt", "scrapReason", "requiredCertification", "inspectionPlan"]),
    "StartOperationRequest": request({"serial": STRING, "equipmentId": STRING, "operatorId": STRING, "toolIds": STRINGS}, optional=["toolIds"]),
    # SPCRoutes.swift
    "SPCChart": obj({"planId": STRING, "characteristicId": STRING, "description": STRING, "unit": STRING, "nominal": NUMBER,
                     "lowerSpecification": NUMBER, "upperSpecification": NUMBER,
                     "count": {"type": "integer", "description": "Results recorded in all; points holds the last of them"},
                     "center": NUMBER, "upperControlLimit": NUMBER, "lowerControlLimit": NUMBER,
                     "points": array(obj({"index": INTEGER, "value": NUMBER, "serial": STRING}, closed=True)),
                     "violations": array(obj({"rule": {"type": "string", "description": "Nelson rule, e.g. N1"}, "index": INTEGER}, closed=True)),
                     "cpk": NUMBER}, optional=["lowerSpecification", "upperSpecification"], closed=True),
    "CompleteOperationRequest": request({"serial": STRING, "scrapReason": {"type": "string", "description": "Scraps the serial when given"}},
                                    optional=["scrapReason"]),
    # QualityRoutes.swift and MESCore/Quality
    "CreateInspectionRequest": request({"serial": STRING, "planId": STRING}),
    "UpdateInspectionRequest": request({"inspectorId": STRING, "notes": STRING}, optional=["inspectorId", "notes"]),
    "TestResultsRequest": request({"measurements": array(ref("MeasuredValue"))}),
    "MeasuredValue": request({"characteristicId": STRING, "value": NUMBER, "gaugeId": STRING}, optional=["gaugeId"]),
    "Inspection": obj({"id": STRING, "planId": STRING, "serial": STRING, "workOrderId": STRING, "status": INSPECTION_STATUS, "createdAt": DATE,
                       "inspectorId": STRING, "notes": STRING, "results": array(ref("CharacteristicResult")), "characteristicIds": STRINGS},
                      optional=["inspectorId", "notes"]),
    "CharacteristicResult": obj({"characteristicId": STRING, "value": NUMBER, "conforms": BOOLEAN, "gaugeId": STRING, "recordedBy": STRING,
                                 "recordedAt": DATE}, optional=["gaugeId"]),
    "CreateNCRRequest": request({"subject": ref("EntityReference"), "description": STRING}),
    "NonConformance": obj({"id": STRING, "subject": ref("EntityReference"), "description": STRING, "inspectionId": STRING, "characteristicIds": STRINGS,
                           "status": NCR_STATUS, "openedAt": DATE, "openedBy": STRING, "reviewSignature": ref("ElectronicSignature"),
                           "disposition": DISPOSITION, "dispositionSignature": ref("ElectronicSignature"), "customerApproval": STRING,
                           "addedOperations": array(INTEGER), "closedAt": DATE, "closeSignature": ref("ElectronicSignature")},
                          optional=["inspectionId", "reviewSignature", "disposition", "dispositionSignature", "customerApproval", "closedAt",
                                    "closeSignature"]),
    "SignatureRequest": request({"password": {"type": "string", "description": "The signer's own password again (401 when it does not match)"},
                             "disposition": {**DISPOSITION, "description": "Required by /disposition (422 without it); ignored elsewhere"},
                             "customerApproval": STRING}, optional=["disposition", "customerApproval"]),
    "SignedSerialRequest": request({"serial": STRING, "password": STRING}),
    "FirstArticleStatus": obj({"pending": ref("FirstArticleRequirement"), "reports": array(ref("FirstArticleReport"))}, optional=["pending"]),
    "FirstArticleRequirement": obj({"scope": enum("Full", "Partial"), "reason": STRING, "characteristicIds": STRINGS, "since": DATE}),
    "FirstArticleReport": obj({"number": STRING, "partNumber": STRING, "revision": STRING, "serial": STRING, "scope": enum("Full", "Partial"),
                               "reason": STRING, "characteristicIds": STRINGS, "signature": ref("ElectronicSignature")}),
    "Certificate": obj({"id": STRING, "workOrderId": STRING, "customerOrder": STRING, "partNumber": STRING, "revision": STRING, "quantity": INTEGER,
                        "serials": STRINGS, "statement": STRING, "inspections": array(ref("CertificateInspectionLine")),
                        "nonConformances": array(ref("CertificateNonConformanceLine")), "signature": ref("ElectronicSignature"), "issuedAt": DATE},
                       optional=["customerOrder"]),
    "CertificateInspectionLine": obj({"inspectionId": STRING, "serial": STRING, "planId": STRING, "status": INSPECTION_STATUS,
                                      "characteristicsMeasured": INTEGER}),
    "CertificateNonConformanceLine": obj({"id": STRING, "subject": {"type": "string", "description": "'kind id' of the NCR's subject"},
                                          "description": STRING, "disposition": DISPOSITION, "status": NCR_STATUS}, optional=["disposition"]),
    # TraceabilityRoutes.swift and MESCore/Traceability
    "Genealogy": obj({"serial": STRING, "partNumber": STRING, "revision": STRING, "workOrderId": STRING, "status": SERIAL_STATUS,
                      "operations": array(ref("OperationRecord")), "materials": array(ref("ConsumedMaterial")), "components": array(ref("Genealogy"))}),
    "OperationRecord": obj({"number": INTEGER, "description": STRING, "workCenter": STRING, "kind": OPERATION_KIND, "alternateWorkCenters": STRINGS,
                            "requiredCertification": STRING, "nonConformanceId": STRING, "status": OPERATION_STATUS, "equipmentId": STRING,
                            "operatorId": STRING, "toolIds": STRINGS, "startedAt": DATE, "completedAt": DATE, "scrapReason": STRING},
                           optional=["requiredCertification", "nonConformanceId", "equipmentId", "operatorId", "startedAt", "completedAt", "scrapReason"]),
    "ConsumedMaterial": obj({"lotCode": STRING, "material": STRING, "heatNumber": STRING, "supplier": STRING,
                             "lotAncestry": {**STRINGS, "description": "The lots this one was split from, nearest first"}, "quantity": NUMBER,
                             "unit": STRING, "operationNumber": INTEGER, "time": DATE}, optional=["operationNumber"]),
    "ForwardTrace": obj({"lot": STRING, "lots": STRINGS, "serials": array(ref("TracedSerial")), "workOrders": STRINGS}),
    "TracedSerial": obj({"serial": STRING, "workOrderId": STRING, "partNumber": STRING, "status": SERIAL_STATUS, "installedIn": STRING},
                        optional=["installedIn"]),
    "BackwardTrace": obj({"serial": STRING, "components": STRINGS, "lots": array(ref("TracedLot"))}),
    "TracedLot": obj({"lotCode": STRING, "material": STRING, "heatNumber": STRING, "supplier": STRING, "parentLot": STRING, "status": LOT_STATUS},
                     optional=["parentLot"]),
    "AuditRecord": obj({"entity": ref("EntityReference"), "action": enum("created", "modified", "deleted", "refused"), "actorId": STRING,
                        "actorName": STRING, "time": DATE, "command": STRING,
                        "before": {"type": "string", "description": "Canonical JSON of the entity before the command"},
                        "after": {"type": "string", "description": "Canonical JSON of the entity after the command"},
                        "reason": {"type": "string", "description": "Why the command was refused"}},
                       optional=["before", "after", "reason"]),
    # MaterialAndResourceRoutes.swift, MESCore/Materials, MESCore/Resources, MESCore/MasterData
    "InventoryLevel": obj({"material": STRING, "unit": STRING, "available": NUMBER, "allocated": NUMBER, "quarantined": NUMBER, "lots": STRINGS}),
    "ConsumptionRequest": request({"lotCode": STRING, "serial": STRING, "quantity": NUMBER, "operationNumber": INTEGER}, optional=["operationNumber"]),
    "Consumption": obj({"lotCode": STRING, "quantity": NUMBER, "operationNumber": INTEGER, "time": DATE}, optional=["operationNumber"]),
    "AllocationRequest": request({"lotCode": STRING, "workOrderId": STRING, "quantity": NUMBER}),
    "Allocation": obj({"lotCode": STRING, "workOrderId": STRING, "quantity": NUMBER}),
    "MaterialCertificate": obj({"id": STRING, "type": STRING, "issuer": STRING, "issued": DATE}),
    "Equipment": obj({"id": STRING, "equipmentClass": STRING, "workCenter": STRING, "state": EQUIPMENT_STATE, "calibrationDue": DATE,
                      "calibrationIntervalDays": NUMBER, "preventiveMaintenanceIntervalDays": NUMBER, "lastPreventiveMaintenance": DATE},
                     optional=["calibrationDue", "calibrationIntervalDays", "preventiveMaintenanceIntervalDays", "lastPreventiveMaintenance"]),
    "EquipmentStatus": obj({"id": STRING, "state": EQUIPMENT_STATE, "lockout": {"type": "string", "description": "Why it may not start work now"},
                            "runningOperation": STRING, "preventiveMaintenanceDue": DATE, "calibrationDue": DATE, "machine": ref("MachineReport")},
                           optional=["lockout", "runningOperation", "preventiveMaintenanceDue", "calibrationDue", "machine"]),
    "MachineReport": obj({"partsGood": INTEGER, "partsBad": INTEGER, "processValues": array(ref("ProcessValue")), "alarms": array(ref("MachineAlarm"))},
                         description="What a connected machine reports through its driver: parts counted since the server started, "
                                     "latest process values with their quality, active alarms"),
    "ProcessValue": obj({"equipmentId": STRING, "tag": STRING, "value": NUMBER, "unit": STRING, "quality": enum("Good", "Uncertain", "Bad"), "time": DATE}),
    "MachineAlarm": obj({"equipmentId": STRING, "code": STRING, "text": STRING, "severity": enum("Information", "Warning", "Fault"), "active": BOOLEAN,
                         "time": DATE}),
    # MaintenanceRoutes.swift
    "MaintenanceRequest": request({"assetId": {"type": "string", "description": "A machine's or a tool's (gauge's) id (404 when neither)"},
                                   "kind": MAINTENANCE_KIND, "description": STRING}),
    "MaintenanceOrder": obj({"id": STRING, "asset": ref("EntityReference"), "kind": MAINTENANCE_KIND, "description": STRING,
                             "status": MAINTENANCE_STATUS, "createdAt": DATE, "startedAt": DATE, "completedAt": DATE,
                             "completedBy": STRING, "signature": ref("ElectronicSignature")},
                            optional=["startedAt", "completedAt", "completedBy", "signature"]),
    "MaintenanceCompletionRequest": request({"password": {"type": "string", "description": "The signer's own password again (401 when it does not "
                                                                                          "match); the signature's meaning is responsibility"}}),
    "Operator": obj({"id": STRING, "name": STRING, "roles": array(ref("Role")), "certifications": array(ref("Certification"))}),
    "Certification": obj({"skill": STRING, "issued": DATE, "expires": DATE}),
    "CertificationRequest": request({"skill": STRING, "issued": REQUEST_DATE, "expires": REQUEST_DATE}),
}

# Query parameters, by (method, path).
def listing(sort_fields, *filters, dated=None):
    """Filters, then sorting and keyset pagination (ListQuery.swift); `from`/`to` bound `dated`."""
    sorts = sort_fields + ["-" + field for field in sort_fields]
    window = [("from", {"type": "string", "description": f"ISO 8601 date or date-time: {dated} on or after"}),
              ("to", {"type": "string", "description": f"ISO 8601 date or date-time: {dated} on or before (a date includes its day)"})] if dated else []
    return list(filters) + window + [
        ("sort", {"type": "string", "enum": sorts, "default": sort_fields[0], "description": "A field; '-' first for descending"}),
        ("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
        ("cursor", {"type": "string", "description": "From the Link rel=\"next\" header of the previous page; bound to its sort"})]


QUERIES = {
    ("get", "/api/v1/workorders"): listing(["createdAt", "id", "targetDate", "priority", "status", "partNumber"], ("status", WORK_ORDER_STATUS),
                                           ("partNumber", STRING), dated="created"),
    ("get", "/api/v1/inspections"): listing(["createdAt", "id", "serial", "status"], ("serial", STRING), ("workOrderId", STRING),
                                            ("status", INSPECTION_STATUS), ("planId", STRING), dated="created"),
    ("get", "/api/v1/ncrs"): listing(["openedAt", "id", "status"], ("status", NCR_STATUS), ("subject", {"type": "string", "description": "The subject's id"}),
                                     dated="opened"),
    ("get", "/api/v1/inventory"): listing(["material", "available"], ("material", STRING)),
    ("get", "/api/v1/equipment"): listing(["id", "workCenter", "state"], ("workCenter", STRING), ("state", EQUIPMENT_STATE)),
    ("get", "/api/v1/maintenance"): listing(["createdAt", "id", "status"], ("status", MAINTENANCE_STATUS),
                                            ("asset", {"type": "string", "description": "The machine's or tool's id"})),
    ("get", "/api/v1/operators"): listing(["id", "name"], ("skill", {"type": "string", "description": "Holds a certification for this skill"})),
    ("get", "/api/v1/audit-trail/{entityId}"): [("kind", {**enum(*ENTITY_KINDS), "default": "workOrder"})],
    ("get", "/api/v1/events"): [("types", {"type": "string", "description": "Comma-separated categories (workOrder, operation, ncr, quality, equipment, "
                                                                             "maintenance, material, masterData, alarm) or exact types such as alarm.machineDown"}),
                                  ("access_token", {"type": "string", "description": "The access token, for clients that cannot send the Authorization "
                                                                                    "header (a browser's EventSource); this route only"})],
    ("get", "/api/v1/spc/{planId}/{characteristicId}"): [("last", {"type": "integer", "minimum": 2, "maximum": 1000, "default": 50,
                                                                  "description": "How many of the most recent points to return"})],
}
HEADERS = {
    ("get", "/api/v1/events"): [("Last-Event-ID", {"type": "integer", "description": "Resume after this event"})],
}
LIST_HEADERS = {"Link": {"description": "The next page: <uri>; rel=\"next\" (absent on the last page)", "schema": STRING},
                "X-Total-Count": {"description": "Items matching the filters, all pages", "schema": INTEGER}}
# Path parameters that are not free text.
PATH_PARAMETERS = {"opId": {"type": "integer", "description": "The operation number (400 when not a number)"}}

# method, path, summary, request schema, success status, response schema (array when it ends in []), public,
# then the error statuses the operation can answer (each with problem details).
ROUTES = [
    ("get", "/health/live", "The process is up", None, 200, "Health", True, []),
    ("get", "/health/ready", "The MES journal is open and readable", None, 200, "Health", True, []),
    ("get", "/openapi.json", "This document", None, 200, "OpenAPI", True, []),
    ("get", "/metrics", "Prometheus metrics: requests and latency per route, MES figures", None, 200, "text/plain", True, []),
    ("post", "/api/v1/auth/login", "Log in: an access token and a refresh token (a one-time code too for roles marked for MFA)", "LoginRequest", 200,
     "LoginResponse", True, [400, 401, 413, 429]),
    ("post", "/api/v1/auth/refresh", "The next access and refresh token of a session (a refresh token used twice revokes the session)", "RefreshRequest", 200,
     "LoginResponse", True, [400, 401, 413]),
    ("post", "/api/v1/auth/logout", "End the session: of the access token sent, or of the refresh token in the body (when the access token has lapsed)",
     "LogoutRequest", 204, None, True, [400, 401, 413]),
    ("get", "/api/v1/users", "List users (System Administrator)", None, 200, "User[]", False, [401, 403]),
    ("post", "/api/v1/users", "Create a user (System Administrator)", "NewUser", 201, "User", False, [400, 401, 403, 409, 413, 422]),
    ("get", "/api/v1/users/{username}", "A user (System Administrator, or the user themselves)", None, 200, "User", False, [401, 403, 404]),
    ("put", "/api/v1/users/{username}", "Change a user's name, roles, password or whether they may log in; their sessions end (System Administrator)",
     "UserChange", 200, "User", False, [400, 401, 403, 404, 409, 413, 422]),
    ("delete", "/api/v1/users/{username}", "Remove a user (System Administrator; not the last one)", None, 204, None, False, [401, 403, 404, 409]),
    ("post", "/api/v1/users/{username}/totp", "Enrol a new authenticator secret (System Administrator)", None, 201, "TOTPEnrolment", False, [401, 403, 404]),
    ("delete", "/api/v1/users/{username}/totp", "Remove the user's authenticator (System Administrator)", None, 204, None, False, [401, 403, 404]),
    ("get", "/api/v1/roles", "The roles, their §5.2 permissions and whether they need a second factor", None, 200, "RoleView[]", False, [401]),
    ("put", "/api/v1/roles/{role}", "Mark a role as needing a second factor, or not (System Administrator)", "RolePolicy", 200, "RoleView", False,
     [400, 401, 403, 404, 409, 413]),
    ("get", "/api/v1/events", "Live MES events as Server-Sent Events (query: types; header Last-Event-ID resumes)", None, 200, "text/event-stream", False,
     [400, 401]),
    ("get", "/api/v1/spc/{planId}/{characteristicId}", "Individuals control chart of a characteristic over all recorded results: limits, "
     "the last points, Nelson-rule violations, Cpk (422 with fewer than two results)", None, 200, "SPCChart", False, [400, 401, 403, 404, 422]),
    ("get", "/api/v1/webhooks", "Alarm webhook subscriptions (System Administrator)", None, 200, "Webhook[]", False, [401, 403]),
    ("post", "/api/v1/webhooks", "Subscribe a URL to alarms (System Administrator)", "NewWebhook", 201, "Webhook", False, [400, 401, 403, 413, 422]),
    ("get", "/api/v1/webhooks/{id}", "A subscription and its last delivery (System Administrator)", None, 200, "Webhook", False, [401, 403, 404]),
    ("delete", "/api/v1/webhooks/{id}", "Unsubscribe (System Administrator)", None, 204, None, False, [401, 403, 404]),
    ("post", "/api/v1/export", "Export a serial's or a lot's traceability record as a JSON or CSV file", "ExportRequest", 200, "TraceabilityExport", False,
     [400, 401, 403, 404, 413, 422]),
    ("post", "/api/v1/lots", "Receive a material lot", "ReceiveLotRequest", 201, "MaterialLot", False, [400, 401, 403, 404, 409, 413, 422]),
    ("delete", "/api/v1/lots/{lotCode}", "Delete a lot received by mistake (untouched)", None, 204, None, False, [401, 403, 404, 409, 422]),
    ("delete", "/api/v1/equipment/{id}", "Delete equipment without production or maintenance history", None, 204, None, False, [401, 403, 404, 409, 422]),
    ("delete", "/api/v1/inspections/{id}", "Withdraw an open inspection with no results", None, 204, None, False, [401, 403, 404, 409]),
    ("get", "/api/v1/workorders", "List work orders", None, 200, "WorkOrder[]", False, [400, 401, 403]),
    ("post", "/api/v1/workorders", "Create a work order", "CreateWorkOrderRequest", 201, "WorkOrder", False, [400, 401, 403, 404, 409, 413, 422]),
    ("get", "/api/v1/workorders/{id}", "Get a work order", None, 200, "WorkOrder", False, [401, 403, 404]),
    ("put", "/api/v1/workorders/{id}", "Update a work order", "UpdateWorkOrderRequest", 200, "WorkOrder", False, [400, 401, 403, 404, 409, 413, 422]),
    ("delete", "/api/v1/workorders/{id}", "Delete a created work order", None, 204, None, False, [401, 403, 404, 409, 422]),
    ("post", "/api/v1/workorders/{id}/release", "Release to production", None, 200, "WorkOrder", False, [401, 403, 404, 409, 422]),
    ("post", "/api/v1/workorders/{id}/operations/{opId}/start", "Start an operation of a serial", "StartOperationRequest", 200, "Operation", False,
     [400, 401, 403, 404, 409, 413, 422]),
    ("post", "/api/v1/workorders/{id}/operations/{opId}/complete", "Complete an operation of a serial", "CompleteOperationRequest", 200, "Operation", False,
     [400, 401, 403, 404, 409, 413, 422]),
    ("get", "/api/v1/inspections", "List inspections", None, 200, "Inspection[]", False, [400, 401, 403]),
    ("post", "/api/v1/inspections", "Create an inspection", "CreateInspectionRequest", 201, "Inspection", False, [400, 401, 403, 404, 409, 413, 422]),
    ("put", "/api/v1/inspections/{id}", "Update an inspection", "UpdateInspectionRequest", 200, "Inspection", False, [400, 401, 403, 404, 409, 413, 422]),
    ("post", "/api/v1/inspections/{id}/results", "Record results", "TestResultsRequest", 200, "Inspection", False, [400, 401, 403, 404, 409, 413, 422]),
    ("get", "/api/v1/ncrs", "List NCRs", None, 200, "NonConformance[]", False, [400, 401, 403]),
    ("post", "/api/v1/ncrs", "Open an NCR", "CreateNCRRequest", 201, "NonConformance", False, [400, 401, 403, 404, 409, 413, 422]),
    ("put", "/api/v1/ncrs/{id}/review", "Review an NCR (signed)", "SignatureRequest", 200, "NonConformance", False, [400, 401, 403, 404, 409, 413, 422, 429]),
    ("put", "/api/v1/ncrs/{id}/disposition", "Set an NCR's disposition (signed)", "SignatureRequest", 200, "NonConformance", False,
     [400, 401, 403, 404, 409, 413, 422, 429]),
    ("put", "/api/v1/ncrs/{id}/close", "Close an NCR (signed)", "SignatureRequest", 200, "NonConformance", False, [400, 401, 403, 404, 409, 413, 422, 429]),
    ("post", "/api/v1/first-articles/{partNumber}/{revision}", "Sign the first article on a serial", "SignedSerialRequest", 201, "FirstArticleStatus", False,
     [400, 401, 403, 404, 409, 413, 422, 429]),
    ("get", "/api/v1/certificates/{woId}", "Get a certificate of conformance", None, 200, "Certificate", False, [401, 403, 404]),
    ("post", "/api/v1/certificates/{woId}", "Issue a certificate of conformance (signed)", "SignatureRequest", 201, "Certificate", False,
     [400, 401, 403, 404, 409, 413, 422, 429]),
    ("get", "/api/v1/inventory", "Inventory levels", None, 200, "InventoryLevel[]", False, [400, 401, 403]),
    ("post", "/api/v1/consumption", "Record consumption", "ConsumptionRequest", 201, "Consumption", False, [400, 401, 403, 404, 409, 413, 422]),
    ("post", "/api/v1/allocations", "Allocate material", "AllocationRequest", 201, "Allocation", False, [400, 401, 403, 404, 409, 413, 422]),
    ("get", "/api/v1/certifications/{lotCode}", "A lot's material certificates", None, 200, "MaterialCertificate[]", False, [401, 403, 404]),
    ("get", "/api/v1/genealogy/{serial}", "Genealogy of a serial", None, 200, "Genealogy", False, [401, 403, 404]),
    ("get", "/api/v1/forward/{lot}", "Forward trace from a lot", None, 200, "ForwardTrace", False, [401, 403, 404]),
    ("get", "/api/v1/backward/{serial}", "Backward trace from a serial", None, 200, "BackwardTrace", False, [401, 403, 404]),
    ("get", "/api/v1/audit-trail/{entityId}", "Audit trail of an entity (query: kind)", None, 200, "AuditRecord[]", False, [400, 401, 403, 404]),
    ("get", "/api/v1/equipment", "List equipment", None, 200, "Equipment[]", False, [400, 401, 403]),
    ("get", "/api/v1/equipment/{id}/status", "Equipment status and lockout", None, 200, "EquipmentStatus", False, [401, 403, 404]),
    ("get", "/api/v1/maintenance", "List maintenance orders", None, 200, "MaintenanceOrder[]", False, [400, 401, 403]),
    ("post", "/api/v1/maintenance", "Schedule maintenance", "MaintenanceRequest", 201, "MaintenanceOrder", False, [400, 401, 403, 404, 409, 413, 422]),
    ("get", "/api/v1/maintenance/{id}", "Get a maintenance order", None, 200, "MaintenanceOrder", False, [401, 403, 404]),
    ("post", "/api/v1/maintenance/{id}/start", "Start a maintenance order: the machine or tool goes out of service (409 when it is not Scheduled, "
     "or the machine runs an operation other than the one a breakdown interrupted)", None, 200, "MaintenanceOrder", False, [401, 403, 404, 409]),
    ("post", "/api/v1/maintenance/{id}/complete", "Complete a maintenance order in progress (signed, meaning responsibility): the asset returns to "
     "service and its PM or calibration clock restarts", "MaintenanceCompletionRequest", 200, "MaintenanceOrder", False,
     [400, 401, 403, 404, 409, 413, 422, 429]),
    ("get", "/api/v1/operators", "List operators", None, 200, "Operator[]", False, [400, 401, 403]),
    ("post", "/api/v1/operators/{id}/certify", "Add a certification", "CertificationRequest", 201, "Certification", False,
     [400, 401, 403, 404, 409, 413, 422]),
]


SCHEMAS["OpenAPI"] = {"type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": STRING}}

# The trainer's console of `mes train` (Sources/Training/TrainingRoutes.swift and the types it returns), in a document of its own.
TRAINING_TIME = {"type": ["number", "string"],
                 "description": "Hours from the scenario's start (a number), or an ISO 8601 time (a string, e.g. 2026-01-05T10:30:00Z)"}
TRAINING_SCHEMAS = {
    "TrainingStatus": obj({"simulatedTime": DATE, "simulatedHours": {"type": "number", "description": "Hours since the scenario's start"},
                           "horizonHours": NUMBER, "speed": {"type": "number", "description": "Simulated seconds per wall-clock second"},
                           "paused": BOOLEAN,
                           "driftSeconds": {"type": "number", "description": "Simulated seconds the twin was behind wall clock × speed after its last catch-up"},
                           "maxDriftSeconds": NUMBER,
                           "nextEventTime": {**DATE, "description": "When the next thing happens on the simulated floor, if before the horizon"},
                           "fault": {"type": "string", "description": "Why the simulated floor stopped booking work (a defect, not a trainee's doing)"},
                           "floorGaveWay": {"type": "integer", "minimum": 0,
                                            "description": "How often the simulated floor gave way to something a trainee did first"},
                           "lastGaveWay": {"type": "string", "description": "The latest time it did"}},
                          optional=["nextEventTime", "fault", "lastGaveWay"], closed=True),
    "RunToRequest": request({"at": {**TRAINING_TIME, "description": TRAINING_TIME["description"] + "; not before the current simulated time, "
                                                                    "not beyond the horizon (422 otherwise, pointer /at)"}}),
    "SpeedRequest": request({"speed": {"type": "number", "exclusiveMinimum": 0, "maximum": 100_000,
                                       "description": "Simulated seconds per wall-clock second (422 outside (0, 100000])"}}),
    "BreakdownEvent": request({"machine": STRING, "at": TRAINING_TIME, "repairMinutes": {"type": "number", "description": "Positive (422 otherwise)"}},
                              optional=["at"]),
    "BadLotEvent": request({"lot": STRING, "at": TRAINING_TIME}, optional=["at"]),
    "SensorDriftEvent": request({"machine": STRING, "tag": STRING, "at": TRAINING_TIME,
                                 "perCycle": {"type": "number", "description": "Non-zero (422 otherwise)"}}, optional=["at"]),
    "CertificationExpiryEvent": request({"operator": STRING, "certification": STRING, "at": TRAINING_TIME}, optional=["at"]),
    "TrainingEvent": {**request({"breakdown": ref("BreakdownEvent"), "badLot": ref("BadLotEvent"), "sensorDrift": ref("SensorDriftEvent"),
                                 "certificationExpires": ref("CertificationExpiryEvent")},
                                optional=["breakdown", "badLot", "sensorDrift", "certificationExpires"]),
                      "description": "Exactly one kind (422 otherwise); at: now when absent, not in the past, before the horizon (422 otherwise)"},
    "InjectedTrainingEvent": obj({"kind": STRING, "subject": STRING, "hours": NUMBER, "time": DATE}, closed=True),
    "TrainingThroughput": obj({"serialsCompleted": INTEGER, "operationsAtTraineeWorkCenters": INTEGER, "workOrdersCompleted": INTEGER,
                               "workOrdersOnTime": INTEGER, "workOrdersOverdue": INTEGER, "onTimeDelivery": NUMBER},
                              optional=["onTimeDelivery"], closed=True),
    "AlarmResponse": obj({"kind": STRING, "subject": STRING, "time": DATE, "response": STRING, "respondedBy": STRING, "respondedAt": DATE,
                          "responseMinutes": NUMBER}, optional=["response", "respondedBy", "respondedAt", "responseMinutes"], closed=True),
    "DispositionJudgement": obj({"nonConformance": STRING, "subject": STRING, "cause": STRING, "disposition": STRING, "by": STRING, "time": DATE,
                                 "correct": BOOLEAN, "rule": STRING}, closed=True),
    "TrainingViolation": obj({"time": DATE, "actor": STRING, "command": STRING, "reason": STRING, "httpStatus": INTEGER, "audited": BOOLEAN},
                             closed=True),
    "TrainingEventRecord": obj({"kind": STRING, "subject": STRING, "hours": NUMBER, "time": DATE, "injected": BOOLEAN, "event": ref("TrainingEvent")},
                               closed=True),
    "TrainingScore": obj({"session": STRING, "scenario": STRING, "seed": INTEGER, "simulatedTime": DATE, "simulatedHours": NUMBER,
                          "traineeWorkCenters": STRINGS, "traineesDo": STRINGS, "trainee": ref("TrainingThroughput"),
                          "reference": ref("TrainingThroughput"), "alarms": array(ref("AlarmResponse")), "dispositions": array(ref("DispositionJudgement")),
                          "violations": array(ref("TrainingViolation")), "trainingEvents": array(ref("TrainingEventRecord")),
                          "measurements": ref("MeasurementJudgement"), "floorGaveWay": array(ref("FloorGaveWay"))},
                         optional=["reference"], closed=True),
    "MeasurementJudgement": obj({"rule": STRING, "recordedAsRead": INTEGER,
                                 "transcriptionErrors": array(obj({"inspection": STRING, "serial": STRING, "characteristic": STRING, "read": NUMBER,
                                                                   "recorded": NUMBER, "by": STRING, "time": DATE}, closed=True)),
                                 "recordedWithoutReading": array(obj({"inspection": STRING, "serial": STRING, "characteristic": STRING, "recorded": NUMBER,
                                                                      "by": STRING, "time": DATE}, closed=True)),
                                 "verdicts": array(obj({"inspection": STRING, "serial": STRING,
                                                        "mes": {"type": "string", "enum": ["Passed", "Failed"]},
                                                        "reading": {"type": "string", "enum": ["Passed", "Failed"]}, "matches": BOOLEAN}, closed=True))},
                                closed=True),
    "FloorGaveWay": obj({"hours": NUMBER, "time": DATE, "person": STRING, "command": STRING, "reason": STRING}, closed=True),
    "GaugeReading": obj({
    "inspectionId": STRING, "serial": STRING, "planId": STRING,
    "measuredAt": {**DATE, "description": "Simulated time the part was measured (the first time its reading was asked for)"},
    "characteristics": array(obj({"characteristicId": STRING, "description": STRING, "value": NUMBER, "unit": STRING,
                                  "resolution": {"type": "number", "exclusiveMinimum": 0, "description": "The gauge's display step; value is a multiple of it"}}))},
    description="What the training twin's gauge reads on an open inspection's part at a trainee's work centre (GaugeReadout.swift)"),
    "FinishedSession": obj({"session": STRING, "directory": STRING, "score": ref("TrainingScore")}, closed=True),
}
TRAINER = "(System Administrator, Production Supervisor)"
TRAINING_ROUTES = [
    ("get", "/api/v1/training/gauge/{inspectionId}", "mes train only: what the twin's gauge reads on an open inspection's part at a trainee's work "
     "centre, measured once and kept (404: no such inspection, or the server runs no training; 409: the inspection is closed or its part is not "
     "waiting at a trainee's work centre)", None, 200, "GaugeReading", False, [401, 403, 404, 409]),
    ("get", "/api/v1/training", f"The simulated clock: time, speed, paused, drift {TRAINER}", None, 200, "TrainingStatus", False, [401, 403, 404]),
    ("post", "/api/v1/training/pause", f"Stop the simulated clock; trainees' commands take the paused time {TRAINER}", None, 200, "TrainingStatus", False,
     [401, 403, 404]),
    ("post", "/api/v1/training/resume", f"Start the simulated clock again at the current speed {TRAINER}", None, 200, "TrainingStatus", False,
     [401, 403, 404]),
    ("post", "/api/v1/training/step", f"Pause, then move to the next instant something happens and carry out all of it {TRAINER}", None, 200,
     "TrainingStatus", False, [401, 403, 404]),
    ("post", "/api/v1/training/run-to", f"Pause at exactly a simulated time, running everything due by then {TRAINER}; 422 for a time in the past, "
     "beyond the horizon or not a time", "RunToRequest", 200, "TrainingStatus", False, [400, 401, 403, 404, 413, 422]),
    ("put", "/api/v1/training/speed", f"Change the pace from now on {TRAINER}", "SpeedRequest", 200, "TrainingStatus", False,
     [400, 401, 403, 404, 413, 422]),
    ("post", "/api/v1/training/events", f"Inject a training event, now or at a simulated time {TRAINER}", "TrainingEvent", 201, "InjectedTrainingEvent",
     False, [400, 401, 403, 404, 413, 422]),
    ("get", "/api/v1/training/score", f"The session's score so far, against the simulated operators' reference run {TRAINER}", None, 200, "TrainingScore",
     False, [401, 403, 404]),
    ("post", "/api/v1/training/finish", f"Pause and write the session's report (summary, score, KPI report) {TRAINER}", None, 200, "FinishedSession", False,
     [401, 403, 404]),
]
assert not set(TRAINING_SCHEMAS) & set(SCHEMAS)
ALL_SCHEMAS = {**SCHEMAS, **TRAINING_SCHEMAS}

ERRORS = {
    400: "Malformed: the body is not JSON of the right shape (pointer to the field), or a path or query parameter is not of its type",
    401: "No valid bearer token (missing, malformed, badly signed, expired or logged out), or a wrong password",
    403: "The actor's roles do not grant this",
    404: "No such entity (or no such route)",
    409: "The entity's state, or a shop-floor precondition, does not allow it; or it exists already",
    413: "The request body is too large",
    422: "A field breaks a business rule (pointer to the field)",
    429: "Too many failed password or one-time-code attempts for the account: locked for 15 minutes",
}


# What a POST answers 201 with a Location header for.
CREATED_WITH_LOCATION = ("WorkOrder", "Inspection", "NonConformance", "User", "Webhook", "MaterialLot", "MaintenanceOrder")


def schema(name):
    return array(ref(name[:-2])) if name.endswith("[]") else ref(name)


def problem(status):
    return {"description": ERRORS[status], "content": {"application/problem+json": {"schema": ref("ProblemDetails")}}}


def operations(routes):
    """The document's paths object for `routes` (see ROUTES)."""
    assert len({(m, p) for m, p, *_ in routes}) == len(routes)
    paths = {}
    for method, path, summary, body, status, response, public, errors in routes:
        operation = {"summary": summary, "operationId": method + "".join(part.strip("{}")[:1].upper() + part.strip("{}")[1:].replace("-", "")
                                                                          for part in path.replace(".", "/").split("/") if part not in ("", "api", "v1")),
                     "responses": {str(status): {"description": summary}}}
        if response == "text/event-stream":
            # One Server-Sent Event (LiveEventRoutes.swift): its data is a LiveEvent as JSON.
            operation["responses"][str(status)]["content"] = {response: {"schema": obj(
                {"id": {"type": "string", "pattern": "^[0-9a-z]+-[0-9]+$", "description": "epoch-number: send back as Last-Event-ID to resume"},
                 "event": {"type": "string", "description": "The event's type, or 'gap' when events since Last-Event-ID are no longer held"},
                 "data": {"type": "string", "contentMediaType": "application/json", "description": "A LiveEvent: id, type, category, time, entities, data, message"}},
                optional=["id", "event"])}}
        elif response and "/" in response:
            operation["responses"][str(status)]["content"] = {response: {"schema": STRING}}
        elif response:
            operation["responses"][str(status)]["content"] = {"application/json": {"schema": schema(response)}}
        if path.endswith("/export"):
            operation["responses"][str(status)]["content"]["text/csv"] = {"schema": STRING}
        if response and response.endswith("[]") and any(name == "cursor" for name, _ in QUERIES.get((method, path), [])):
            operation["responses"][str(status)]["headers"] = LIST_HEADERS
        if status == 201 and response and "{" not in path and method == "post" and response in CREATED_WITH_LOCATION:
            operation["responses"][str(status)]["headers"] = {"Location": {"description": "Where the new entity lives", "schema": STRING}}
        params = [{"name": part[1:-1], "in": "path", "required": True, "schema": PATH_PARAMETERS.get(part[1:-1], {"type": "string", "minLength": 1})}
                  for part in path.split("/") if part.startswith("{")]
        params += [{"name": name, "in": "query", "required": False, "schema": query} for name, query in QUERIES.get((method, path), [])]
        params += [{"name": name, "in": "header", "required": False, "schema": header} for name, header in HEADERS.get((method, path), [])]
        if params:
            operation["parameters"] = params
        if body:
            operation["requestBody"] = {"required": body != "LogoutRequest", "content": {"application/json": {"schema": schema(body)}}}
        assert (400 in errors and 413 in errors) == bool(body) or path.endswith("audit-trail/{entityId}"), path
        assert (401 in errors) == (not public or path.startswith("/api/")), path
        operation["security"] = [] if public else [{"bearerAuth": []}]
        if path.endswith("/auth/logout"):
            operation["security"] = [{"bearerAuth": []}, {}]  # either the access token, or the refresh token in the body
        for code in sorted(errors):
            operation["responses"][str(code)] = problem(code)
        paths.setdefault(path, {})[method] = operation
    return paths


def write(path, document):
    with open(path, "w") as handle:
        json.dump(document, handle, indent=2, sort_keys=True)
        handle.write("\n")
    paths = document["paths"]
    print(f"{path}: {sum(len(v) for v in paths.values())} operations on {len(paths)} paths")


def referenced(schemas, roots):
    """The names of `roots` and of every schema they refer to, directly or not."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        text = json.dumps(schemas[name])
        todo += [part.split('"')[0] for part in text.split('"#/components/schemas/')[1:]]
    return seen


SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
paths = operations(ROUTES)
write("Sources/MESServer/openapi.json", {
    "openapi": "3.1.0",
    "info": {"title": "JetMES API", "version": "1.0.0", "description": "The MES core over HTTP: every business rule lives in the core; errors are RFC 9457 problem details."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES},
    "paths": paths,
})

# `mes train` serves the document above with these operations added (TrainingServer.openAPIDocument merges them).
training_paths = operations(TRAINING_ROUTES)
assert not set(training_paths) & set(paths)
training_roots = [name for _, _, _, body, _, response, *_ in TRAINING_ROUTES for name in (body, response) if name] + ["ProblemDetails"]
write("Sources/Training/openapi-training.json", {
    "openapi": "3.1.0",
    "info": {"title": "JetMES training API", "version": "1.0.0",
             "description": "The trainer's console of `mes train` (System Administrators and Production Supervisors), beside every operation of "
                            "the JetMES API; 404 where the server runs no training."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "components": {"schemas": {name: ALL_SCHEMAS[name] for name in sorted(referenced(ALL_SCHEMAS, [r.removesuffix("[]") for r in training_roots]))},
                   "securitySchemes": SECURITY_SCHEMES},
    "paths": training_paths,
})
