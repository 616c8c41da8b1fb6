#!/usr/bin/env python3
"""Writes Sources/MESServer/openapi.json, the OpenAPI 3.1 document of `mes serve`, from the
route table below. A test checks that the document and the routes the server registers are
the same set, so edit both together. Run from the repository root."""
import json

STRING, INTEGER, NUMBER, DATE = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "string", "format": "date-time"}
OBJECT = {"type": "object", "additionalProperties": True}

SCHEMAS = {
    "ProblemDetails": {"type": "object", "required": ["type", "title", "status", "detail"], "properties": {
        "type": STRING, "title": STRING, "status": INTEGER, "detail": STRING, "pointer": STRING}},
    "LoginRequest": {"type": "object", "required": ["username", "password"], "properties": {"username": STRING, "password": STRING}},
    "LoginResponse": {"type": "object", "required": ["accessToken", "tokenType", "expiresAt", "roles"], "properties": {
        "accessToken": STRING, "tokenType": STRING, "expiresAt": DATE, "roles": {"type": "array", "items": STRING}}},
    "NewUser": {"type": "object", "required": ["username", "name", "roles", "password"], "properties": {
        "username": STRING, "name": STRING, "roles": {"type": "array", "items": STRING}, "password": STRING}},
    "Health": {"type": "object", "required": ["status"], "properties": {"status": STRING, "journalEntries": INTEGER}},
    "CreateWorkOrderRequest": {"type": "object", "required": ["partNumber", "quantity"], "properties": {
        "partNumber": STRING, "revision": STRING, "quantity": INTEGER, "priority": {"enum": ["Low", "Normal", "High", "Critical"]},
        "targetDate": {"type": "string", "format": "date"}, "customerOrder": STRING}},
    "UpdateWorkOrderRequest": {"type": "object", "properties": {
        "quantity": INTEGER, "priority": {"enum": ["Low", "Normal", "High", "Critical"]}, "targetDate": STRING, "customerOrder": STRING}},
    "WorkOrder": {"type": "object", "required": ["id", "partNumber", "quantity", "status", "createdAt"], "properties": {
        "id": STRING, "partNumber": STRING, "revision": STRING, "quantity": INTEGER, "priority": STRING, "status": STRING, "createdAt": DATE,
        "serials": {"type": "array", "items": STRING}, "operations": {"type": "array", "items": {"$ref": "#/components/schemas/Operation"}}}},
    "Operation": {"type": "object", "required": ["serial", "operationNumber", "status"], "properties": {
        "serial": STRING, "operationNumber": INTEGER, "description": STRING, "workCenter": STRING, "kind": STRING, "status": STRING,
        "equipmentId": STRING, "operatorId": STRING, "startedAt": DATE, "completedAt": DATE, "scrapReason": STRING}},
    "StartOperationRequest": {"type": "object", "required": ["serial", "equipmentId", "operatorId"], "properties": {
        "serial": STRING, "equipmentId": STRING, "operatorId": STRING, "toolIds": {"type": "array", "items": STRING}}},
    "CompleteOperationRequest": {"type": "object", "required": ["serial"], "properties": {"serial": STRING, "scrapReason": STRING}},
    "CreateInspectionRequest": {"type": "object", "required": ["serial", "planId"], "properties": {"serial": STRING, "planId": STRING}},
    "UpdateInspectionRequest": {"type": "object", "properties": {"inspectorId": STRING, "notes": STRING}},
    "TestResultsRequest": {"type": "object", "required": ["measurements"], "properties": {"measurements": {"type": "array", "items": {
        "type": "object", "required": ["characteristicId", "value"], "properties": {"characteristicId": STRING, "value": NUMBER, "gaugeId": STRING}}}}},
    "CreateNCRRequest": {"type": "object", "required": ["subject", "description"], "properties": {
        "subject": {"type": "object", "required": ["kind", "id"], "properties": {"kind": STRING, "id": STRING}}, "description": STRING}},
    "SignatureRequest": {"type": "object", "required": ["password"], "properties": {
        "password": STRING, "disposition": {"enum": ["UseAsIs", "Rework", "Repair", "Scrap", "ReturnToVendor"]}, "customerApproval": STRING}},
    "SignedSerialRequest": {"type": "object", "required": ["serial", "password"], "properties": {"serial": STRING, "password": STRING}},
    "ConsumptionRequest": {"type": "object", "required": ["lotCode", "serial", "quantity"], "properties": {
        "lotCode": STRING, "serial": STRING, "quantity": NUMBER, "operationNumber": INTEGER}},
    "AllocationRequest": {"type": "object", "required": ["lotCode", "workOrderId", "quantity"], "properties": {
        "lotCode": STRING, "workOrderId": STRING, "quantity": NUMBER}},
    "MaintenanceRequest": {"type": "object", "required": ["assetId", "kind", "description"], "properties": {
        "assetId": STRING, "kind": {"enum": ["preventive", "corrective", "calibration"]}, "description": STRING}},
    "CertificationRequest": {"type": "object", "required": ["skill", "issued", "expires"], "properties": {"skill": STRING, "issued": DATE, "expires": DATE}},
}
for name in ["Inspection", "NonConformance", "Certificate", "FirstArticleStatus", "Genealogy", "ForwardTrace", "BackwardTrace", "AuditRecord",
             "InventoryLevel", "Consumption", "Allocation", "MaterialCertificate", "Equipment", "EquipmentStatus", "MaintenanceOrder", "Operator", "Certification"]:
    SCHEMAS[name] = OBJECT

# method, path, summary, request schema, success status, response schema (array when it ends in []), public
ROUTES = [
    ("get", "/health/live", "The process is up", None, 200, "Health", True),
    ("get", "/health/ready", "The MES journal is open and readable", None, 200, "Health", True),
    ("get", "/openapi.json", "This document", None, 200, None, True),
    ("post", "/api/v1/auth/login", "Log in: a signed access token", "LoginRequest", 200, "LoginResponse", True),
    ("post", "/api/v1/auth/logout", "Revoke the token used", None, 204, None, False),
    ("post", "/api/v1/users", "Create a user (System Administrator)", "NewUser", 201, None, False),
    ("get", "/api/v1/workorders", "List work orders (filters: status, partNumber)", None, 200, "WorkOrder[]", False),
    ("post", "/api/v1/workorders", "Create a work order", "CreateWorkOrderRequest", 201, "WorkOrder", False),
    ("get", "/api/v1/workorders/{id}", "Get a work order", None, 200, "WorkOrder", False),
    ("put", "/api/v1/workorders/{id}", "Update a work order", "UpdateWorkOrderRequest", 200, "WorkOrder", False),
    ("delete", "/api/v1/workorders/{id}", "Delete a created work order", None, 204, None, False),
    ("post", "/api/v1/workorders/{id}/release", "Release to production", None, 200, "WorkOrder", False),
    ("post", "/api/v1/workorders/{id}/operations/{opId}/start", "Start an operation of a serial", "StartOperationRequest", 200, "Operation", False),
    ("post", "/api/v1/workorders/{id}/operations/{opId}/complete", "Complete an operation of a serial", "CompleteOperationRequest", 200, "Operation", False),
    ("get", "/api/v1/inspections", "List inspections (filter: serial)", None, 200, "Inspection[]", False),
    ("post", "/api/v1/inspections", "Create an inspection", "CreateInspectionRequest", 201, "Inspection", False),
    ("put", "/api/v1/inspections/{id}", "Update an inspection", "UpdateInspectionRequest", 200, "Inspection", False),
    ("post", "/api/v1/inspections/{id}/results", "Record results", "TestResultsRequest", 200, "Inspection", False),
    ("get", "/api/v1/ncrs", "List NCRs (filter: status)", None, 200, "NonConformance[]", False),
    ("post", "/api/v1/ncrs", "Open an NCR", "CreateNCRRequest", 201, "NonConformance", False),
    ("put", "/api/v1/ncrs/{id}/review", "Review an NCR (signed)", "SignatureRequest", 200, "NonConformance", False),
    ("put", "/api/v1/ncrs/{id}/disposition", "Set an NCR's disposition (signed)", "SignatureRequest", 200, "NonConformance", False),
    ("put", "/api/v1/ncrs/{id}/close", "Close an NCR (signed)", "SignatureRequest", 200, "NonConformance", False),
    ("post", "/api/v1/first-articles/{partNumber}/{revision}", "Sign the first article on a serial", "SignedSerialRequest", 201, "FirstArticleStatus", False),
    ("get", "/api/v1/certificates/{woId}", "Get a certificate of conformance", None, 200, "Certificate", False),
    ("post", "/api/v1/certificates/{woId}", "Issue a certificate of conformance (signed)", "SignatureRequest", 201, "Certificate", False),
    ("get", "/api/v1/inventory", "Inventory levels", None, 200, "InventoryLevel[]", False),
    ("post", "/api/v1/consumption", "Record consumption", "ConsumptionRequest", 201, "Consumption", False),
    ("post", "/api/v1/allocations", "Allocate material", "AllocationRequest", 201, "Allocation", False),
    ("get", "/api/v1/certifications/{lotCode}", "A lot's material certificates", None, 200, "MaterialCertificate[]", False),
    ("get", "/api/v1/genealogy/{serial}", "Genealogy of a serial", None, 200, "Genealogy", False),
    ("get", "/api/v1/forward/{lot}", "Forward trace from a lot", None, 200, "ForwardTrace", False),
    ("get", "/api/v1/backward/{serial}", "Backward trace from a serial", None, 200, "BackwardTrace", False),
    ("get", "/api/v1/audit-trail/{entityId}", "Audit trail of an entity (query: kind)", None, 200, "AuditRecord[]", False),
    ("get", "/api/v1/equipment", "List equipment", None, 200, "Equipment[]", False),
    ("get", "/api/v1/equipment/{id}/status", "Equipment status and lockout", None, 200, "EquipmentStatus", False),
    ("post", "/api/v1/maintenance", "Schedule maintenance", "MaintenanceRequest", 201, "MaintenanceOrder", False),
    ("get", "/api/v1/operators", "List operators", None, 200, "Operator[]", False),
    ("post", "/api/v1/operators/{id}/certify", "Add a certification", "CertificationRequest", 201, "Certification", False),
]

PROBLEM = {"description": "Problem details", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}


def schema(name):
    if name.endswith("[]"):
        return {"type": "array", "items": {"$ref": f"#/components/schemas/{name[:-2]}"}}
    return {"$ref": f"#/components/schemas/{name}"}


paths = {}
for method, path, summary, body, status, response, public in ROUTES:
    operation = {"summary": summary, "responses": {str(status): {"description": summary}}}
    if response:
        operation["responses"][str(status)]["content"] = {"application/json": {"schema": schema(response)}}
    params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    if params:
        operation["parameters"] = [{"name": p, "in": "path", "required": True, "schema": STRING} for p in params]
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema(body)}}}
        operation["responses"]["400"] = PROBLEM
        operation["responses"]["422"] = PROBLEM
    if not public:
        operation["security"] = [{"bearer": []}]
        operation["responses"]["401"] = PROBLEM
        operation["responses"]["403"] = PROBLEM
    if "{" in path:
        operation["responses"]["404"] = PROBLEM
    if method in ("post", "put", "delete") and not public:
        operation["responses"]["409"] = PROBLEM
    paths.setdefault(path, {})[method] = operation

document = {
    "openapi": "3.1.0",
    "info": {"title": "JetMES API", "version": "1.0.0", "description": "The MES core over HTTP: every business rule lives in the core; errors are RFC 9457 problem details."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "components": {"schemas": SCHEMAS, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    "paths": paths,
}
with open("Sources/MESServer/openapi.json", "w") as handle:
    json.dump(document, handle, indent=2, sort_keys=True)
    handle.write("\n")
print(f"Sources/MESServer/openapi.json: {sum(len(v) for v in paths.values())} operations on {len(paths)} paths")
