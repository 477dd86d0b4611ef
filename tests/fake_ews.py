"""A small fake of Exchange Web Services on 127.0.0.1, answering the SOAP operations as
Microsoft's EWS reference documents them: GetFolder (distinguished and by id), FindFolder,
CreateFolder, SyncFolderItems (with a sync state, paging by MaxChangesReturned and
IncludesLastItemInRange, DateTimeReceived and InternetMessageId when the shape asks),
GetItem with MimeContent, MoveItem (new ids in the target folder), DeleteItem (its
DeleteType recorded), CreateItem with MimeContent sent (SendOnly), and ConvertId
(exchangelib's version probe). Every response carries ServerVersionInfo. It
authenticates each connection with NTLM (pyspnego's own server side), can answer
ErrorServerBusy with a BackOffMilliseconds hint, and can forget its sync states
(ErrorInvalidSyncStateData)."""

from __future__ import annotations

import base64
import datetime as dt
import email
import itertools
import os
import socket
import tempfile
import threading
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import spnego

from panelclerk import clock as product_clock

from . import httpfake

S = "http://schemas.xmlsoap.org/soap/envelope/"
M = "http://schemas.microsoft.com/exchange/services/2006/messages"
T = "http://schemas.microsoft.com/exchange/services/2006/types"
E = "http://schemas.microsoft.com/exchange/services/2006/errors"
USER, PASSWORD = "FENMARSH\\svc-panelclerk", "ews-test-password"
MAILBOX = "scr.subgroup@fenmarsh-lscb.example"


NAMESPACES = {"s": S, "m": M, "t": T}


def _q(tag: str) -> str:
    prefix, _, name = tag.partition(":")
    return "{" + NAMESPACES[prefix] + "}" + name


class FakeEws:
    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        root, top, inbox = "F-root", "F-top", "F-inbox"
        self.folders: dict[str, dict] = {
            root: {"name": "Root", "parent": None, "distinguished": "root", "cls": None},
            top: {
                "name": "Top of Information Store",
                "parent": root,
                "distinguished": "msgfolderroot",
                "cls": "IPF.Note",
            },
            inbox: {"name": "Inbox", "parent": top, "distinguished": "inbox", "cls": "IPF.Note"},
            "F-sent": {
                "name": "Sent Items",
                "parent": top,
                "distinguished": "sentitems",
                "cls": "IPF.Note",
            },
        }
        self.items: dict[str, dict] = {}  # id -> {"folder": ..., "mime": bytes}
        self.states: dict[str, set[str]] = {}  # sync state -> ids the caller has seen
        self.sent: list[bytes] = []
        self.deleted: list[tuple[str, str]] = []  # (item id, DeleteType)
        self.sent_bcc: list[list[str]] = []
        self.refuse_send: str | None = None  # a ResponseCode for CreateItem, as Exchange's
        self.calls: list[str] = []
        self.busy: list[int] = []  # back-off milliseconds for the next calls
        self.subscriptions: dict[str, list[str]] = {}  # streaming: id -> new mail not yet told
        self.refuse_subscriptions = False
        self.drops = 0  # GetItem calls whose connection is cut without an answer
        self.stream_seconds = 2.0
        self.arrivals = threading.Condition(self.lock)
        fake = self

        class Handler(httpfake.Handler):
            ntlm = None  # this connection's NTLM handshake (NTLM authenticates a connection)
            user = None

            def do_POST(self):
                body = self.body()
                with fake.lock:
                    drop = fake.drops > 0 and b"GetItem" in body
                    fake.drops -= 1 if drop else 0
                if drop:  # the connection dies mid-batch: no answer at all
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                challenge = None
                if self.user is None:
                    challenge = self._authenticate(self.headers.get("Authorization", ""))
                if self.user is None:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", challenge or "NTLM")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if b"GetStreamingEvents" in body:
                    self._stream(body)
                    return
                status, payload = fake.handle(body)
                self.answer(status, payload, content_type="text/xml; charset=utf-8")

            def _stream(self, body: bytes) -> None:
                """GetStreamingEvents: one chunked response of SOAP envelopes, as they come."""
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for envelope in fake.streaming_events(body):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(envelope), envelope))
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                self.close_connection = True

            def _authenticate(self, header: str) -> str | None:
                scheme, _, token = header.partition(" ")
                if scheme != "NTLM" or not token:
                    return None
                try:
                    if self.ntlm is None:
                        self.ntlm = spnego.server(protocol="ntlm")
                        answer = self.ntlm.step(base64.b64decode(token))
                        return "NTLM " + base64.b64encode(answer or b"").decode()
                    self.ntlm.step(base64.b64decode(token))
                except Exception:  # a wrong password, a garbled token
                    self.ntlm = None
                    with fake.lock:
                        fake.refused += 1
                    return None
                if self.ntlm.complete:
                    self.user = self.ntlm.client_principal
                self.ntlm = None
                return None

        self.refused = 0
        self._users = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives as long as the fake
            "w", suffix=".ntlm", delete=False
        )
        self._users.write(f"{USER.replace(chr(92), ':')}:{PASSWORD}\n")
        self._users.close()
        self._previous_users = os.environ.get("NTLM_USER_FILE")
        os.environ["NTLM_USER_FILE"] = self._users.name  # where pyspnego's NTLM server looks
        self.http = httpfake.Server(Handler)
        self.url = f"{self.http.origin}/EWS/Exchange.asmx"

    def start(self) -> FakeEws:
        self.http.start()
        return self

    def stop(self) -> None:
        self.http.stop()
        os.unlink(self._users.name)
        if self._previous_users is None:
            os.environ.pop("NTLM_USER_FILE", None)
        else:
            os.environ["NTLM_USER_FILE"] = self._previous_users

    # ---- what tests use ----------------------------------------------------------------

    def deliver(
        self, raw: bytes, received: dt.datetime | None = None, folder: str | None = None
    ) -> str:
        with self.lock:
            item_id = f"I-{next(self.ids)}"
            at = received or product_clock.now()
            where = "F-inbox"
            if folder:
                [where] = [f for f, v in self.folders.items() if v["name"] == folder]
            self.items[item_id] = {"folder": where, "mime": raw, "received": at}
            for pending in self.subscriptions.values():
                pending.append(item_id)
            self.arrivals.notify_all()
        return item_id

    def streaming_events(self, body: bytes):
        """The envelopes of one GetStreamingEvents call: new mail as it lands, then Closed
        when the connection's time is up (here `stream_seconds`, not whole minutes)."""
        envelope = ET.fromstring(body)
        operation = envelope.find(_q("s:Body"))[0]
        wanted = [e.text or "" for e in operation.iter(_q("t:SubscriptionId"))]
        with self.lock:
            self.calls.append("GetStreamingEvents")
            unknown = [w for w in wanted if w not in self.subscriptions]
            if unknown:
                yield self._envelope(
                    self._messages(
                        "GetStreamingEvents",
                        [
                            self._error(
                                "GetStreamingEvents",
                                "ErrorSubscriptionNotFound",
                                "No such subscription.",
                            )
                        ],
                    )
                )
                return
            self.arrivals.wait_for(
                lambda: any(self.subscriptions[w] for w in wanted), timeout=self.stream_seconds
            )
            notes = []
            for subscription in wanted:
                events = "".join(
                    "<t:NewMailEvent><t:TimeStamp>2026-11-11T10:00:00Z</t:TimeStamp>"
                    f'<t:ItemId Id="{item}" ChangeKey="ck-{item}"/>'
                    '<t:ParentFolderId Id="F-inbox" ChangeKey="ck-F-inbox"/></t:NewMailEvent>'
                    for item in self.subscriptions[subscription]
                )
                self.subscriptions[subscription] = []
                if events:
                    notes.append(
                        f"<m:Notification><t:SubscriptionId>{subscription}</t:SubscriptionId>"
                        f"<t:PreviousWatermark>W</t:PreviousWatermark><t:MoreEvents>false"
                        f"</t:MoreEvents>{events}</m:Notification>"
                    )
        if notes:
            yield self._envelope(
                self._messages(
                    "GetStreamingEvents",
                    [
                        self._ok(
                            "GetStreamingEvents",
                            f"<m:Notifications>{''.join(notes)}</m:Notifications>"
                            "<m:ConnectionStatus>OK</m:ConnectionStatus>",
                        )
                    ],
                )
            )
        yield self._envelope(
            self._messages(
                "GetStreamingEvents",
                [self._ok("GetStreamingEvents", "<m:ConnectionStatus>Closed</m:ConnectionStatus>")],
            )
        )

    def in_folder(self, name: str) -> list[str]:
        with self.lock:
            found = [f for f, v in self.folders.items() if v["name"] == name]
            return [i for i, v in self.items.items() if found and v["folder"] == found[0]]

    def count(self, folder: str) -> int:
        return len(self.in_folder(folder))

    def forget_sync_states(self) -> None:
        with self.lock:
            self.states.clear()

    def server_busy(self, back_off_ms: int, count: int = 1) -> None:
        with self.lock:
            self.busy += [back_off_ms] * count

    # ---- the protocol ------------------------------------------------------------------

    def handle(self, body: bytes) -> tuple[int, bytes]:
        envelope = ET.fromstring(body)
        operation = envelope.find(_q("s:Body"))[0]
        name = operation.tag.rpartition("}")[2]
        with self.lock:
            self.calls.append(name)
            if self.busy and name != "ConvertId":
                return 500, self._busy(self.busy.pop(0))
            answer = getattr(self, f"_{name}", None)
            if answer is None:
                return 500, self._fault("ErrorInvalidRequest", f"{name} is not supported")
            return 200, self._envelope(answer(operation))

    def _envelope(self, body: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<s:Envelope xmlns:s="{S}"><s:Header>'
            f'<h:ServerVersionInfo xmlns:h="{T}" MajorVersion="15" MinorVersion="1" '
            'MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11"/>'
            f'</s:Header><s:Body xmlns:m="{M}" xmlns:t="{T}">{body}</s:Body></s:Envelope>'
        ).encode()

    def _fault(self, code: str, text: str, extra: str = "") -> bytes:
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<s:Envelope xmlns:s="{S}"><s:Body><s:Fault>'
            f'<faultcode xmlns:a="{T}">a:{code}</faultcode>'
            f'<faultstring xml:lang="en-US">{escape(text)}</faultstring><detail>'
            f'<e:ResponseCode xmlns:e="{E}">{code}</e:ResponseCode>'
            f'<e:Message xmlns:e="{E}">{escape(text)}</e:Message>{extra}'
            "</detail></s:Fault></s:Body></s:Envelope>"
        ).encode()

    def _busy(self, back_off_ms: int) -> bytes:
        return self._fault(
            "ErrorServerBusy",
            "The server cannot service this request right now. Try again later.",
            f'<t:MessageXml xmlns:t="{T}"><t:Value Name="BackOffMilliseconds">'
            f"{back_off_ms}</t:Value></t:MessageXml>",
        )

    @staticmethod
    def _messages(operation: str, inner: list[str]) -> str:
        return (
            f"<m:{operation}Response><m:ResponseMessages>{''.join(inner)}"
            f"</m:ResponseMessages></m:{operation}Response>"
        )

    @staticmethod
    def _ok(operation: str, content: str) -> str:
        return (
            f'<m:{operation}ResponseMessage ResponseClass="Success">'
            f"<m:ResponseCode>NoError</m:ResponseCode>{content}</m:{operation}ResponseMessage>"
        )

    @staticmethod
    def _error(operation: str, code: str, text: str, content: str = "") -> str:
        return (
            f'<m:{operation}ResponseMessage ResponseClass="Error">'
            f"<m:MessageText>{escape(text)}</m:MessageText><m:ResponseCode>{code}</m:ResponseCode>"
            f"<m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>{content}"
            f"</m:{operation}ResponseMessage>"
        )

    def _folder_xml(self, folder_id: str) -> str:
        folder = self.folders[folder_id]
        parent = folder["parent"]
        count = sum(1 for i in self.items.values() if i["folder"] == folder_id)
        children = sum(1 for f in self.folders.values() if f["parent"] == folder_id)
        return (
            f'<t:Folder><t:FolderId Id="{folder_id}" ChangeKey="ck-{folder_id}"/>'
            + (f'<t:ParentFolderId Id="{parent}" ChangeKey="ck-{parent}"/>' if parent else "")
            + (f"<t:FolderClass>{folder['cls']}</t:FolderClass>" if folder["cls"] else "")
            + f"<t:DisplayName>{escape(folder['name'])}</t:DisplayName>"
            f"<t:TotalCount>{count}</t:TotalCount><t:ChildFolderCount>{children}"
            f"</t:ChildFolderCount><t:UnreadCount>0</t:UnreadCount></t:Folder>"
        )

    def _folder_ids(self, element) -> list[str | None]:
        out: list[str | None] = []
        for child in element:
            tag = child.tag.rpartition("}")[2]
            if tag == "FolderId":
                out.append(child.get("Id") if child.get("Id") in self.folders else None)
            elif tag == "DistinguishedFolderId":
                wanted = child.get("Id")
                out.append(
                    next((k for k, v in self.folders.items() if v["distinguished"] == wanted), None)
                )
        return out

    def _GetFolder(self, operation) -> str:
        answers = []
        for folder_id in self._folder_ids(operation.find(_q("m:FolderIds"))):
            if folder_id is None:
                answers.append(
                    self._error(
                        "GetFolder",
                        "ErrorFolderNotFound",
                        "The specified folder could not be found in the store.",
                    )
                )
            else:
                answers.append(
                    self._ok("GetFolder", f"<m:Folders>{self._folder_xml(folder_id)}</m:Folders>")
                )
        return self._messages("GetFolder", answers)

    def _descendants(self, folder_id: str, deep: bool) -> list[str]:
        out = []
        for child, folder in self.folders.items():
            if folder["parent"] == folder_id:
                out.append(child)
                if deep:
                    out += self._descendants(child, deep)
        return out

    def _FindFolder(self, operation) -> str:
        deep = operation.get("Traversal") == "Deep"
        answers = []
        for folder_id in self._folder_ids(operation.find(_q("m:ParentFolderIds"))):
            if folder_id is None:
                answers.append(self._error("FindFolder", "ErrorFolderNotFound", "Not found."))
                continue
            found = self._descendants(folder_id, deep)
            answers.append(
                self._ok(
                    "FindFolder",
                    f'<m:RootFolder IndexedPagingOffset="{len(found)}" '
                    f'TotalItemsInView="{len(found)}" IncludesLastItemInRange="true">'
                    f"<t:Folders>{''.join(self._folder_xml(f) for f in found)}</t:Folders>"
                    "</m:RootFolder>",
                )
            )
        return self._messages("FindFolder", answers)

    def _CreateFolder(self, operation) -> str:
        [parent] = self._folder_ids(operation.find(_q("m:ParentFolderId")))
        answers = []
        for folder in operation.find(_q("m:Folders")):
            name = folder.findtext(_q("t:DisplayName")) or ""
            if any(f["name"] == name and f["parent"] == parent for f in self.folders.values()):
                answers.append(
                    self._error(
                        "CreateFolder",
                        "ErrorFolderExists",
                        "A folder with the specified name already exists.",
                    )
                )
                continue
            folder_id = f"F-{next(self.ids)}"
            self.folders[folder_id] = {
                "name": name,
                "parent": parent,
                "distinguished": None,
                "cls": "IPF.Note",
            }
            answers.append(
                self._ok(
                    "CreateFolder",
                    f'<m:Folders><t:Folder><t:FolderId Id="{folder_id}" '
                    f'ChangeKey="ck-{folder_id}"/></t:Folder></m:Folders>',
                )
            )
        return self._messages("CreateFolder", answers)

    def _SyncFolderItems(self, operation) -> str:
        [folder_id] = self._folder_ids(operation.find(_q("m:SyncFolderId")))
        state = operation.findtext(_q("m:SyncState")) or ""
        limit = int(operation.findtext(_q("m:MaxChangesReturned")) or "512")
        if state and state not in self.states:
            return self._messages(
                "SyncFolderItems",
                [
                    self._error(
                        "SyncFolderItems",
                        "ErrorInvalidSyncStateData",
                        "Invalid synchronization state data.",
                    )
                ],
            )
        seen = set(self.states.get(state, set()))
        present = [i for i, v in self.items.items() if v["folder"] == folder_id]
        changes = [
            f'<t:Delete><t:ItemId Id="{i}"/></t:Delete>' for i in sorted(seen - set(present))
        ]
        seen &= set(present)
        new = [i for i in present if i not in seen]
        wanted = {f.get("FieldURI") for f in operation.iter(_q("t:FieldURI"))}
        for item_id in new[: max(0, limit - len(changes))]:
            received = ""
            if "item:DateTimeReceived" in wanted:  # asked for in the ItemShape
                at = self.items[item_id]["received"].astimezone(dt.UTC)
                received = f"<t:DateTimeReceived>{at:%Y-%m-%dT%H:%M:%SZ}</t:DateTimeReceived>"
            if "message:InternetMessageId" in wanted:
                header = email.message_from_bytes(self.items[item_id]["mime"])["Message-ID"]
                if header:
                    received += (
                        f"<t:InternetMessageId>{escape(str(header).strip())}</t:InternetMessageId>"
                    )
            changes.append(
                f'<t:Create><t:Message><t:ItemId Id="{item_id}" ChangeKey="ck-{item_id}"/>'
                f"{received}</t:Message></t:Create>"
            )
            seen.add(item_id)
        last = all(i in seen for i in present)
        next_state = f"S-{next(self.ids)}"
        self.states[next_state] = seen
        return self._messages(
            "SyncFolderItems",
            [
                self._ok(
                    "SyncFolderItems",
                    f"<m:SyncState>{next_state}</m:SyncState>"
                    f"<m:IncludesLastItemInRange>{str(last).lower()}</m:IncludesLastItemInRange>"
                    f"<m:Changes>{''.join(changes)}</m:Changes>",
                )
            ],
        )

    def _item_ids(self, element) -> list[str]:
        return [child.get("Id") or "" for child in element]

    def _GetItem(self, operation) -> str:
        answers = []
        for item_id in self._item_ids(operation.find(_q("m:ItemIds"))):
            item = self.items.get(item_id)
            if item is None:
                answers.append(
                    self._error(
                        "GetItem",
                        "ErrorItemNotFound",
                        "The specified object was not found in the store.",
                        "<m:Items/>",
                    )
                )
                continue
            mime = base64.b64encode(item["mime"]).decode()
            answers.append(
                self._ok(
                    "GetItem",
                    f'<m:Items><t:Message><t:MimeContent CharacterSet="UTF-8">{mime}'
                    f'</t:MimeContent><t:ItemId Id="{item_id}" ChangeKey="ck-{item_id}"/>'
                    "</t:Message></m:Items>",
                )
            )
        return self._messages("GetItem", answers)

    def _MoveItem(self, operation) -> str:
        [target] = self._folder_ids(operation.find(_q("m:ToFolderId")))
        answers = []
        for item_id in self._item_ids(operation.find(_q("m:ItemIds"))):
            item = self.items.pop(item_id, None)
            if item is None or target is None:
                answers.append(
                    self._error(
                        "MoveItem",
                        "ErrorItemNotFound",
                        "The specified object was not found in the store.",
                        "<m:Items/>",
                    )
                )
                continue
            new_id = f"I-{next(self.ids)}"  # an item moved to another folder gets a new id
            self.items[new_id] = {**item, "folder": target}
            answers.append(
                self._ok(
                    "MoveItem",
                    f'<m:Items><t:Message><t:ItemId Id="{new_id}" ChangeKey="ck-{new_id}"/>'
                    "</t:Message></m:Items>",
                )
            )
        return self._messages("MoveItem", answers)

    def _DeleteItem(self, operation) -> str:
        answers = []
        for item_id in self._item_ids(operation.find(_q("m:ItemIds"))):
            if self.items.pop(item_id, None) is None:
                answers.append(
                    self._error(
                        "DeleteItem",
                        "ErrorItemNotFound",
                        "The specified object was not found in the store.",
                    )
                )
                continue
            self.deleted.append((item_id, operation.get("DeleteType") or ""))
            answers.append(self._ok("DeleteItem", ""))
        return self._messages("DeleteItem", answers)

    def _CreateItem(self, operation) -> str:
        answers = []
        for message in operation.find(_q("m:Items")):
            if self.refuse_send:
                answers.append(self._error("CreateItem", self.refuse_send, "Refused."))
                continue
            mime = message.findtext(_q("t:MimeContent")) or ""
            self.sent.append(base64.b64decode(mime))
            self.sent_bcc.append([a.text or "" for a in message.iter(_q("t:EmailAddress"))])
            answers.append(self._ok("CreateItem", "<m:Items/>"))
        return self._messages("CreateItem", answers)

    def _ConvertId(self, operation) -> str:
        answers = [
            self._error("ConvertId", "ErrorInvalidIdMalformed", "Id is malformed.")
            for _ in operation.find(_q("m:SourceIds"))
        ]
        return self._messages("ConvertId", answers)

    def _Subscribe(self, operation) -> str:
        if self.refuse_subscriptions:
            return self._messages(
                "Subscribe",
                [self._error("Subscribe", "ErrorAccessDenied", "Access is denied.")],
            )
        subscription = f"SUB-{next(self.ids)}"
        self.subscriptions[subscription] = []
        return self._messages(
            "Subscribe",
            [self._ok("Subscribe", f"<m:SubscriptionId>{subscription}</m:SubscriptionId>")],
        )
