#!/usr/bin/env python3
"""A govchain department service client in Python, standard library only, made from the service's OpenAPI
document at run time: every operation of /openapi.json becomes a method named by its operationId
(``eLicenseIssueLicense``, ``eLicenseVerifyLicense``, ...), taking path and query parameters as keyword
arguments and the request body as ``body``. Writes get an Idempotency-Key (a fresh UUID unless one is given).

    client = GovchainRest("http://127.0.0.1:27199", api_key)
    status, licence = client.eLicenseIssueLicense(body={"licence": {...}, "holder": {...}})
    status, verdict = client.eLicenseVerifyLicense(licenceId="BL-1", fingerprint=sha256_hex)

Errors come back as (status, problem) with the problem's stable ``code``; nothing is raised for a 4xx or 5xx.

Command line (the API key from GOVCHAIN_API_KEY, never from the arguments):

    GOVCHAIN_API_KEY=gck_... python3 govchain_rest.py http://127.0.0.1:27199 eLicenseGetLicense licenceId=BL-1
    ... eLicenseIssueLicense --body '{"licence": ..., "holder": ...}' [--idempotency-key KEY]
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

METHODS = ("get", "post", "put", "delete", "patch")


class GovchainRest:
    """Calls one department service as the identity its API key names."""

    def __init__(self, base_url, api_key, timeout=60):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        status, document = self._request("GET", "/openapi.json", authenticate=False)
        if status != 200:
            raise RuntimeError("cannot read %s/openapi.json: HTTP %d" % (self.base_url, status))
        self.operations = {}
        for path, item in document["paths"].items():
            for method in METHODS:
                operation = item.get(method)
                if operation is not None:
                    self.operations[operation["operationId"]] = (method.upper(), path, operation)

    def _request(self, method, path, query=None, body=None, headers=None, authenticate=True):
        url = self.base_url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json, application/problem+json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if authenticate:
            request.add_header("Authorization", "Bearer " + self.api_key)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def call(self, operation_id, body=None, idempotency_key=None, respond_async=False, **parameters):
        """Runs one operation; returns (HTTP status, parsed JSON body)."""
        if operation_id not in self.operations:
            raise AttributeError("the service has no operation %s" % operation_id)
        method, template, operation = self.operations[operation_id]
        path, query, headers = template, {}, {}
        for parameter in operation.get("parameters", []):
            name, where = parameter["name"], parameter["in"]
            if where == "path":
                if name not in parameters:
                    raise TypeError("%s needs %s" % (operation_id, name))
                path = path.replace("{%s}" % name, urllib.parse.quote(str(parameters.pop(name)), safe=""))
            elif where == "query" and name in parameters:
                query[name] = parameters.pop(name)
            elif where == "header" and name == "Idempotency-Key":
                headers[name] = idempotency_key or str(uuid.uuid4())
        if parameters:
            raise TypeError("%s takes no %s" % (operation_id, ", ".join(sorted(parameters))))
        if respond_async:
            headers["Prefer"] = "respond-async"
        return self._request(method, path, query, body, headers)

    def __getattr__(self, name):
        if name.startswith("_") or name not in self.__dict__.get("operations", {}):
            raise AttributeError(name)
        return lambda **kwargs: self.call(name, **kwargs)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    base, operation_id, rest = argv[1], argv[2], argv[3:]
    key = os.environ.get("GOVCHAIN_API_KEY")
    if not key:
        sys.stderr.write("govchain_rest: set GOVCHAIN_API_KEY to the service's API key\n")
        return 2
    body, idempotency_key, parameters = None, None, {}
    i = 0
    while i < len(rest):
        if rest[i] == "--body":
            body = json.loads(rest[i + 1])
            i += 2
        elif rest[i] == "--idempotency-key":
            idempotency_key = rest[i + 1]
            i += 2
        else:
            name, _, value = rest[i].partition("=")
            parameters[name] = value
            i += 1
    client = GovchainRest(base, key)
    status, answer = client.call(operation_id, body=body, idempotency_key=idempotency_key, **parameters)
    print(json.dumps({"status": status, "body": answer}))
    return 0 if status < 400 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
