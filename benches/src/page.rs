//! Builds a deterministic page of alerts, `{"value": [...]}`, shaped like a
//! Microsoft Defender response to `GET /security/alerts_v2`.
//!
//! Every value is invented here: hosts, accounts and domains use the `.example`
//! top-level domain, addresses come from the documentation ranges (192.0.2.0/24,
//! 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), and hashes are hex digits
//! drawn from a seeded generator. The same seed always gives the same bytes.
//!
//! The shape follows real pages: most properties are present, absent values are
//! explicit `null`s, date-times carry 7 fraction digits, text has escapes, and each
//! alert has between 2 and 7 evidence items drawn from [`EVIDENCE_TYPES`]. About one
//! evidence item in ten carries a property that the schema does not declare, as
//! items do when the service ships a property before the published metadata has it.

use serde_json::{json, Map, Value};

/// The number of alerts on the benchmark page.
pub const PAGE_ALERTS: usize = 10_000;

/// The seed of the benchmark page.
pub const PAGE_SEED: u64 = 0x5EC0_A1E7;

/// The evidence types the page uses, as `@odata.type` values.
pub const EVIDENCE_TYPES: [&str; 18] = [
    "#microsoft.graph.security.deviceEvidence",
    "#microsoft.graph.security.fileEvidence",
    "#microsoft.graph.security.processEvidence",
    "#microsoft.graph.security.registryKeyEvidence",
    "#microsoft.graph.security.registryValueEvidence",
    "#microsoft.graph.security.userEvidence",
    "#microsoft.graph.security.ipEvidence",
    "#microsoft.graph.security.urlEvidence",
    "#microsoft.graph.security.mailboxEvidence",
    "#microsoft.graph.security.analyzedMessageEvidence",
    "#microsoft.graph.security.cloudApplicationEvidence",
    "#microsoft.graph.security.networkConnectionEvidence",
    "#microsoft.graph.security.dnsEvidence",
    "#microsoft.graph.security.securityGroupEvidence",
    "#microsoft.graph.security.azureResourceEvidence",
    "#microsoft.graph.security.oauthApplicationEvidence",
    "#microsoft.graph.security.malwareEvidence",
    "#microsoft.graph.security.hostLogonSessionEvidence",
];

/// How often each of [`EVIDENCE_TYPES`] is drawn, relative to the others: devices,
/// files, processes, users and addresses are common, and the large nested types such
/// as malware and logon sessions are rare.
const EVIDENCE_WEIGHTS: [u64; 18] = [10, 10, 12, 4, 4, 12, 10, 8, 4, 4, 4, 3, 2, 3, 3, 3, 1, 1];

/// Returns the JSON text of a page of `alerts` alerts built from `seed`.
pub fn alert_page(alerts: usize, seed: u64) -> Vec<u8> {
    let mut builder = Builder {
        random: Random::new(seed),
    };
    let value: Vec<Value> = (0..alerts).map(|index| builder.alert(index)).collect();
    let page = json!({
        "@odata.context": "https://graph.example/v1.0/$metadata#security/alerts_v2",
        "@odata.nextLink": "https://graph.example/v1.0/security/alerts_v2?$skiptoken=page2",
        "value": value,
    });
    serde_json::to_vec(&page).expect("a JSON value always encodes")
}

/// A SplitMix64 generator: small, fast and the same on every platform.
struct Random {
    state: u64,
}

impl Random {
    fn new(seed: u64) -> Self {
        Random { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number from 0 to `bound - 1`. `bound` must not be 0.
    fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    /// Returns a number from `low` to `high`, both included.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// Returns true with probability `percent` in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn hex(&mut self, digits: usize) -> String {
        let mut text = String::with_capacity(digits);
        while text.len() < digits {
            text.push_str(&format!("{:016x}", self.next_u64()));
        }
        text.truncate(digits);
        text
    }

    fn guid(&mut self) -> String {
        let hex = self.hex(32);
        format!(
            "{}-{}-4{}-8{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// Returns a date-time in 2024 with 7 fraction digits, as Graph writes them.
    fn date_time(&mut self) -> String {
        format!(
            "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
            self.between(1, 12),
            self.between(1, 28),
            self.below(24),
            self.below(60),
            self.below(60),
            self.below(10_000_000)
        )
    }

    fn ipv4(&mut self) -> String {
        let prefix = self.pick(&["192.0.2", "198.51.100", "203.0.113"]);
        format!("{prefix}.{}", self.between(1, 254))
    }

    fn ipv6(&mut self) -> String {
        format!(
            "2001:db8::{:x}:{:x}",
            self.below(0xffff),
            self.below(0xffff)
        )
    }
}

const HOSTS: &[&str] = &["wks", "srv", "lab", "kiosk", "build", "db", "dc", "edge"];
const USERS: &[&str] = &[
    "avery", "blake", "casey", "devon", "emery", "finley", "harper",
];
const DOMAINS: &[&str] = &["corp.example", "lab.example", "branch.example"];
const VERDICTS: &[&str] = &["unknown", "suspicious", "malicious", "noThreatsFound"];
const ROLES: &[&str] = &[
    "contextual",
    "compromised",
    "attacker",
    "source",
    "destination",
];
const REMEDIATION: &[&str] = &["none", "remediated", "prevented", "blocked", "notFound"];
const DETECTION_STATUS: &[&str] = &["detected", "blocked", "prevented"];
const SEVERITIES: &[&str] = &["informational", "low", "medium", "high"];
const STATUSES: &[&str] = &["new", "inProgress", "resolved"];
const SERVICE_SOURCES: &[&str] = &[
    "microsoftDefenderForEndpoint",
    "microsoftDefenderForIdentity",
    "microsoftDefenderForCloudApps",
    "microsoftDefenderForOffice365",
    "microsoft365Defender",
];
const DETECTION_SOURCES: &[&str] = &[
    "antivirus",
    "microsoftDefenderForEndpoint",
    "customDetection",
    "automatedInvestigation",
    "smartScreen",
];
const CATEGORIES: &[&str] = &[
    "DefenseEvasion",
    "Execution",
    "CredentialAccess",
    "LateralMovement",
    "InitialAccess",
];
const TITLES: &[&str] = &[
    "Suspicious PowerShell command line",
    "Possible credential dumping from a system process",
    "Phishing message delivered to a mailbox",
    "Connection to a known command and control address",
    "Unusual sign-in to a cloud application",
];
/// Alert text with tabs, newlines, quotes and a non-ASCII character, so the
/// decoders unescape strings as they do on real pages.
const RECOMMENDED_ACTIONS: &str = "Investigate the device timeline.\n\
\t\u{2022} Review processes that ran before and after the alert, and note related files.\n\
\t\u{2022} Look for the same artifacts on other devices in the organization.\n\
\t\u{2022} Submit unknown files for \"deep analysis\" and review the behavior report.\n\
Contain the threat.\n\
\t\u{2022} Isolate the device if lateral movement is suspected.\n\
\t\u{2022} Reset the credentials of every account that signed in to the device.";

/// Builds one alert or evidence value at a time from a shared random sequence.
struct Builder {
    random: Random,
}

impl Builder {
    /// Returns `null` with probability `null_percent` in 100, else the value of `make`.
    fn or_null(&mut self, null_percent: u64, make: impl FnOnce(&mut Builder) -> Value) -> Value {
        if self.random.chance(null_percent) {
            Value::Null
        } else {
            make(self)
        }
    }

    fn alert(&mut self, index: usize) -> Value {
        let id = format!("da{:018}_{}", self.random.next_u64() % 10u64.pow(18), index);
        let incident = self.random.between(1000, 99_999);
        let tenant = self.random.guid();
        let evidence_count = self.random.between(2, 7);
        let evidence: Vec<Value> = (0..evidence_count).map(|_| self.any_evidence()).collect();
        let resolved = self.random.chance(30);
        let mut alert = json!({
            "@odata.type": "#microsoft.graph.security.alert",
            "id": id,
            "providerAlertId": id,
            "incidentId": incident.to_string(),
            "status": if resolved { "resolved" } else { self.random.pick(STATUSES) },
            "severity": self.random.pick(SEVERITIES),
            "classification": if resolved { json!("truePositive") } else { Value::Null },
            "determination": if resolved { json!("malware") } else { Value::Null },
            "serviceSource": self.random.pick(SERVICE_SOURCES),
            "detectionSource": self.random.pick(DETECTION_SOURCES),
            "productName": "Microsoft Defender for Endpoint",
            "detectorId": self.random.guid(),
            "tenantId": tenant,
            "title": self.random.pick(TITLES),
            "description": format!(
                "A process on a device ran a command that matches a known attack pattern. \
                 Alert {index} groups the activity of incident {incident}; review the \
                 evidence and the timeline of the device before closing it."
            ),
            "recommendedActions": RECOMMENDED_ACTIONS,
            "category": self.random.pick(CATEGORIES),
            "assignedTo": self.or_null(60, |b| json!(b.email())),
            "alertWebUrl": format!("https://security.example/alerts/{id}?tid={tenant}"),
            "incidentWebUrl": format!("https://security.example/incidents/{incident}?tid={tenant}"),
            "actorDisplayName": Value::Null,
            "threatDisplayName": self.or_null(50, |_| json!("Trojan:Win32/Invented.A")),
            "threatFamilyName": self.or_null(50, |_| json!("Invented")),
            "mitreTechniques": self.mitre_techniques(),
            "createdDateTime": self.random.date_time(),
            "lastUpdateDateTime": self.random.date_time(),
            "resolvedDateTime": if resolved { json!(self.random.date_time()) } else { Value::Null },
            "firstActivityDateTime": self.random.date_time(),
            "lastActivityDateTime": self.random.date_time(),
            "alertPolicyId": Value::Null,
            "categories": [self.random.pick(CATEGORIES)],
            "systemTags": if self.random.chance(20) { json!(["Defender Experts"]) } else { json!([]) },
            "comments": self.comments(),
            "evidence": evidence,
        });
        let object = alert.as_object_mut().expect("the alert is an object");
        object.insert("additionalData".to_owned(), self.additional_data());
        alert
    }

    fn mitre_techniques(&mut self) -> Value {
        let count = self.random.between(1, 4);
        let techniques: Vec<String> = (0..count)
            .map(|_| {
                format!(
                    "T{}.{:03}",
                    self.random.between(1000, 1600),
                    self.random.below(20)
                )
            })
            .collect();
        json!(techniques)
    }

    fn comments(&mut self) -> Value {
        let count = self.random.below(3);
        let comments: Vec<Value> = (0..count)
            .map(|_| {
                json!({
                    "comment": "Checked with the device owner; the activity was not expected.",
                    "createdByDisplayName": self.email(),
                    "createdDateTime": self.random.date_time(),
                })
            })
            .collect();
        json!(comments)
    }

    /// Returns `null` for most alerts and a small open dictionary for the rest.
    fn additional_data(&mut self) -> Value {
        if self.random.chance(70) {
            return Value::Null;
        }
        json!({
            "ruleName": "Invented detection rule",
            "ruleVersion": self.random.between(1, 9),
            "confidence": self.random.below(100) as f64 / 100.0,
        })
    }

    fn any_evidence(&mut self) -> Value {
        let index = self.evidence_type();
        let mut item = self.evidence(index);
        if self.random.chance(10) {
            into_object_mut(&mut item).insert("exposureLevel".to_owned(), json!("medium"));
        }
        item
    }

    /// Draws an index into [`EVIDENCE_TYPES`] by [`EVIDENCE_WEIGHTS`].
    fn evidence_type(&mut self) -> usize {
        let mut draw = self.random.below(EVIDENCE_WEIGHTS.iter().sum());
        for (index, weight) in EVIDENCE_WEIGHTS.iter().enumerate() {
            if draw < *weight {
                return index;
            }
            draw -= weight;
        }
        unreachable!("the draw is below the sum of the weights")
    }

    /// Returns an evidence item of the type at `index` in [`EVIDENCE_TYPES`]: the
    /// properties of `alertEvidence` followed by those of the type.
    fn evidence(&mut self, index: usize) -> Value {
        let mut item = self.evidence_base(EVIDENCE_TYPES[index]);
        let specific = self.specific_evidence(index);
        into_object_mut(&mut item).extend(into_object(specific));
        item
    }

    fn specific_evidence(&mut self, index: usize) -> Value {
        match index {
            0 => self.device(),
            1 => self.file(),
            2 => self.process(),
            3 => self.registry_key(),
            4 => self.registry_value(),
            5 => self.user(),
            6 => self.ip(),
            7 => self.url(),
            8 => self.mailbox(),
            9 => self.analyzed_message(),
            10 => self.cloud_application(),
            11 => self.network_connection(),
            12 => self.dns(),
            13 => self.security_group(),
            14 => self.azure_resource(),
            15 => self.oauth_application(),
            16 => self.malware(),
            _ => self.host_logon_session(),
        }
    }

    /// The properties of `alertEvidence` that every evidence type has.
    fn evidence_base(&mut self, odata_type: &str) -> Value {
        json!({
            "@odata.type": odata_type,
            "createdDateTime": self.random.date_time(),
            "verdict": self.random.pick(VERDICTS),
            "remediationStatus": self.random.pick(REMEDIATION),
            "remediationStatusDetails": Value::Null,
            "roles": if self.random.chance(50) { json!([self.random.pick(ROLES)]) } else { json!([]) },
            "detailedRoles": if self.random.chance(40) { json!(["Main device"]) } else { json!([]) },
            "tags": [],
        })
    }

    fn host(&mut self) -> String {
        format!(
            "{}-{:04}",
            self.random.pick(HOSTS),
            self.random.below(10_000)
        )
    }

    fn user_name(&mut self) -> String {
        format!("{}{}", self.random.pick(USERS), self.random.below(1000))
    }

    fn email(&mut self) -> String {
        format!("{}@{}", self.user_name(), self.random.pick(DOMAINS))
    }

    fn device_id(&mut self) -> String {
        self.random.hex(40)
    }

    fn device(&mut self) -> Value {
        let host = self.host();
        let domain = self.random.pick(DOMAINS);
        let users: Vec<Value> = (0..self.random.below(3))
            .map(|_| json!({"accountName": self.user_name(), "domainName": "CORP"}))
            .collect();
        json!({
            "firstSeenDateTime": self.random.date_time(),
            "mdeDeviceId": self.device_id(),
            "azureAdDeviceId": self.or_null(50, |b| json!(b.random.guid())),
            "deviceDnsName": format!("{host}.{domain}"),
            "hostName": host,
            "ntDomain": "CORP",
            "dnsDomain": domain,
            "osPlatform": self.random.pick(&["Windows11", "Windows10", "WindowsServer2022", "Linux"]),
            "osBuild": self.random.between(17_763, 26_100),
            "version": self.random.pick(&["22H2", "23H2", "Other"]),
            "healthStatus": self.random.pick(&["active", "inactive", "impairedCommunication"]),
            "riskScore": self.random.pick(&["none", "low", "medium", "high"]),
            "rbacGroupId": self.random.below(200),
            "rbacGroupName": "UnassignedGroup",
            "onboardingStatus": "onboarded",
            "defenderAvStatus": self.random.pick(&["updated", "notUpdated", "notSupported"]),
            "lastIpAddress": self.random.ipv4(),
            "lastExternalIpAddress": self.random.ipv4(),
            "ipInterfaces": [self.random.ipv4(), self.random.ipv6(), "::1"],
            "loggedOnUsers": users,
            "vmMetadata": self.or_null(60, |b| json!({
                "vmId": b.random.guid(),
                "cloudProvider": "azure",
                "resourceId": format!(
                    "/subscriptions/{}/resourceGroups/rg-bench/providers/\
                     Microsoft.Compute/virtualMachines/{host}",
                    b.random.guid()
                ),
                "subscriptionId": b.random.guid(),
            })),
        })
    }

    fn file_details(&mut self, name: &str, directory: &str) -> Value {
        json!({
            "sha1": self.random.hex(40),
            "sha256": self.random.hex(64),
            "md5": self.or_null(50, |b| json!(b.random.hex(32))),
            "fileName": name,
            "filePath": directory,
            "fileSize": self.random.between(1_000, 90_000_000),
            "filePublisher": self.or_null(40, |_| json!("Invented Software Ltd.")),
            "signer": Value::Null,
            "issuer": Value::Null,
        })
    }

    fn file(&mut self) -> Value {
        let name = format!(
            "{}.exe",
            self.random.pick(&["update", "setup", "helper", "agent"])
        );
        json!({
            "detectionStatus": self.random.pick(DETECTION_STATUS),
            "mdeDeviceId": self.device_id(),
            "fileDetails": self.file_details(&name, "C:\\Users\\Public\\Downloads"),
        })
    }

    fn user_account(&mut self) -> Value {
        let name = self.user_name();
        json!({
            "accountName": name,
            "domainName": "CORP",
            "userSid": format!("S-1-5-21-{}-{}", self.random.below(1 << 31), self.random.below(5000)),
            "azureAdUserId": self.random.guid(),
            "userPrincipalName": format!("{name}@{}", self.random.pick(DOMAINS)),
            "displayName": name,
        })
    }

    fn process(&mut self) -> Value {
        json!({
            "processId": self.random.between(100, 65_000),
            "parentProcessId": self.random.between(4, 4_000),
            "processCommandLine": "\"powershell.exe\" -NoProfile -EncodedCommand SQBuAHYAZQBuAHQAZQBkAA== ",
            "processCreationDateTime": self.random.date_time(),
            "parentProcessCreationDateTime": self.random.date_time(),
            "detectionStatus": self.random.pick(DETECTION_STATUS),
            "mdeDeviceId": self.device_id(),
            "imageFile": self.file_details("powershell.exe", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0"),
            "parentProcessImageFile": self.file_details("explorer.exe", "C:\\Windows"),
            "userAccount": self.user_account(),
        })
    }

    fn registry_key(&mut self) -> Value {
        json!({
            "registryHive": "HKEY_LOCAL_MACHINE",
            "registryKey": "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
        })
    }

    fn registry_value(&mut self) -> Value {
        json!({
            "mdeDeviceId": self.device_id(),
            "registryHive": "HKEY_CURRENT_USER",
            "registryKey": "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
            "registryValue": "C:\\Users\\Public\\helper.exe --quiet",
            "registryValueName": "Updater",
            "registryValueType": "String",
        })
    }

    fn user(&mut self) -> Value {
        json!({
            "userAccount": self.user_account(),
            "stream": self.or_null(70, |_| json!({"name": "Identity sign-ins"})),
        })
    }

    fn ip_address(&mut self) -> Value {
        let address = if self.random.chance(80) {
            self.random.ipv4()
        } else {
            self.random.ipv6()
        };
        json!({
            "ipAddress": address,
            "countryLetterCode": self.random.pick(&["US", "NL", "JP", "BR"]),
            "location": self.or_null(50, |b| json!({
                "city": "Springfield",
                "countryName": "Invented Republic",
                "state": Value::Null,
                "latitude": b.random.below(180_000) as f64 / 1000.0 - 90.0,
                "longitude": b.random.below(360_000) as f64 / 1000.0 - 180.0,
            })),
        })
    }

    fn ip(&mut self) -> Value {
        let mut ip = self.ip_address();
        into_object_mut(&mut ip).insert("stream".to_owned(), Value::Null);
        ip
    }

    /// Returns an `ipEvidence` nested in another evidence item, which the service
    /// writes whole.
    fn nested_ip(&mut self) -> Value {
        self.evidence(6)
    }

    fn url(&mut self) -> Value {
        json!({
            "url": format!(
                "https://{}.example/download?id={}&ref=mail",
                self.random.pick(&["files", "cdn", "share"]),
                self.random.hex(12)
            ),
        })
    }

    fn mailbox(&mut self) -> Value {
        let address = self.email();
        json!({
            "displayName": address.split('@').next().unwrap_or_default(),
            "primaryAddress": address,
            "upn": address,
            "userAccount": self.user_account(),
        })
    }

    fn email_sender(&mut self) -> Value {
        json!({
            "displayName": "Invented Billing",
            "domainName": "billing.example",
            "emailAddress": format!("noreply{}@billing.example", self.random.below(100)),
        })
    }

    fn analyzed_message(&mut self) -> Value {
        let urls: Vec<String> = (0..self.random.between(1, 3))
            .map(|_| format!("https://billing.example/pay/{}", self.random.hex(8)))
            .collect();
        json!({
            "antiSpamDirection": "Inbound",
            "attachmentsCount": self.random.below(3),
            "deliveryAction": "Delivered",
            "deliveryLocation": "Inbox/folder",
            "internetMessageId": format!("<{}@mail.billing.example>", self.random.hex(24)),
            "language": "en",
            "networkMessageId": self.random.guid(),
            "p1Sender": self.email_sender(),
            "p2Sender": self.email_sender(),
            "receivedDateTime": self.random.date_time(),
            "recipientEmailAddress": self.email(),
            "senderIp": self.random.ipv4(),
            "subject": "Your invoice is overdue \u{2013} action required",
            "threatDetectionMethods": ["URL detonation reputation"],
            "threats": ["Phish"],
            "urlCount": urls.len(),
            "urls": urls,
            "urn": format!("urn:MailEntity:{}", self.random.hex(32)),
        })
    }

    fn cloud_application(&mut self) -> Value {
        json!({
            "appId": self.random.between(10_000, 99_999),
            "displayName": "Invented File Sharing",
            "instanceId": self.random.below(10),
            "instanceName": "Invented File Sharing",
            "saasAppId": self.random.between(10_000, 99_999),
            "stream": Value::Null,
        })
    }

    fn network_connection(&mut self) -> Value {
        let destination_port = [443, 80, 8443][self.random.below(3) as usize];
        json!({
            "sourceAddress": self.nested_ip(),
            "sourcePort": self.random.between(49_152, 65_535),
            "destinationAddress": self.nested_ip(),
            "destinationPort": destination_port,
            "protocol": self.random.pick(&["tcp", "udp"]),
        })
    }

    fn dns(&mut self) -> Value {
        let addresses: Vec<Value> = (0..self.random.between(1, 3))
            .map(|_| self.nested_ip())
            .collect();
        json!({
            "domainName": format!("{}.bad.example", self.random.hex(10)),
            "dnsServerIp": self.nested_ip(),
            "hostIpAddress": self.nested_ip(),
            "ipAddresses": addresses,
        })
    }

    fn security_group(&mut self) -> Value {
        json!({
            "activeDirectoryObjectGuid": self.random.guid(),
            "displayName": "Domain Admins",
            "distinguishedName": "CN=Domain Admins,CN=Users,DC=corp,DC=example",
            "friendlyName": "Domain Admins",
            "securityGroupId": self.random.guid(),
            "sid": format!("S-1-5-21-{}-512", self.random.below(1 << 31)),
        })
    }

    fn azure_resource(&mut self) -> Value {
        let name = format!("kv-bench-{}", self.random.below(100));
        json!({
            "resourceId": format!(
                "/subscriptions/{}/resourceGroups/rg-bench/providers/Microsoft.KeyVault/vaults/{name}",
                self.random.guid()
            ),
            "resourceName": name,
            "resourceType": "Key Vault",
        })
    }

    fn oauth_application(&mut self) -> Value {
        json!({
            "appId": self.random.guid(),
            "displayName": "Invented Mail Helper",
            "objectId": self.random.guid(),
            "publisher": "Invented Publisher",
        })
    }

    fn malware(&mut self) -> Value {
        json!({
            "name": "Trojan:Win32/Invented.A",
            "category": "Trojan",
            "files": [self.evidence(1)],
            "processes": [self.evidence(2)],
        })
    }

    fn host_logon_session(&mut self) -> Value {
        json!({
            "account": self.evidence(5),
            "host": self.evidence(0),
            "sessionId": self.random.hex(16),
            "startUtcDateTime": self.random.date_time(),
            "endUtcDateTime": self.or_null(50, |b| json!(b.random.date_time())),
        })
    }
}

fn into_object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(object) => object,
        _ => panic!("the builder makes every evidence part an object"),
    }
}

fn into_object_mut(value: &mut Value) -> &mut Map<String, Value> {
    value
        .as_object_mut()
        .expect("the builder makes every evidence part an object")
}
