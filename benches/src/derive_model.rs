//! A hand-written serde-derive model of the alert, the baseline that the generated
//! `Alert` is compared with.
//!
//! It is written the way a Rust user would write it without a generator: derived
//! `Deserialize` and `Serialize`, camelCase renames, closed Rust enums for the enum
//! properties with a catch-all member, and evidence as an internally tagged enum
//! (`#[serde(tag = "@odata.type")]`). Unlike the generated model, it drops unknown
//! properties, matches `@odata.type` only exactly and fails the whole page on one bad
//! item. It keeps date-times, GUIDs and open dictionaries as plain strings and JSON
//! maps, so it does less work per value than the generated model does.
//!
//! It covers every property of the alert and of the evidence types that
//! [`crate::page`] builds. Optional properties are left out when encoding, as the
//! generated model leaves them out, so both write the same keys.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Decides which fields are left out when encoding: `None` is, anything else is not.
pub trait Absent {
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

macro_rules! impl_present {
    ($($ty:ty),*) => {
        $(impl Absent for $ty {
            fn is_absent(&self) -> bool {
                false
            }
        })*
    };
}

impl_present!(String, Severity, Status, Verdict, RemediationStatus);

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        false
    }
}

/// Declares structs whose fields all default when missing and are left out when
/// absent, so the attributes do not repeat on every field.
macro_rules! model {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident { $($field:ident: $ty:ty,)* }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $(
                #[serde(default, skip_serializing_if = "Absent::is_absent")]
                pub $field: $ty,
            )*
        }
    )*};
}

/// Declares evidence structs that start with the properties of `alertEvidence`.
macro_rules! evidence {
    ($(pub struct $name:ident { $($field:ident: $ty:ty,)* })*) => {
        model! {$(
            pub struct $name {
                created_date_time: String,
                detailed_roles: Vec<String>,
                remediation_status: RemediationStatus,
                remediation_status_details: Option<String>,
                roles: Vec<String>,
                tags: Vec<String>,
                verdict: Verdict,
                $($field: $ty,)*
            }
        )*}
    };
}

/// Declares a closed enum with camelCase names and an `Unrecognized` member that
/// catches every name it does not list.
macro_rules! closed_enum {
    ($(pub enum $name:ident { $($member:ident,)* })*) => {$(
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub enum $name {
            #[default]
            $($member,)*
            #[serde(other)]
            Unrecognized,
        }
    )*};
}

closed_enum! {
    pub enum Severity { Unknown, Informational, Low, Medium, High, UnknownFutureValue, }
    pub enum Status { Unknown, New, InProgress, Resolved, UnknownFutureValue, }
    pub enum Classification {
        Unknown,
        FalsePositive,
        TruePositive,
        InformationalExpectedActivity,
        UnknownFutureValue,
    }
    pub enum Determination {
        Unknown,
        Apt,
        Malware,
        SecurityPersonnel,
        SecurityTesting,
        UnwantedSoftware,
        Other,
        MultiStagedAttack,
        CompromisedAccount,
        Phishing,
        MaliciousUserActivity,
        NotMalicious,
        NotEnoughDataToValidate,
        ConfirmedActivity,
        LineOfBusinessApplication,
        UnknownFutureValue,
    }
    pub enum Verdict { Unknown, Suspicious, Malicious, NoThreatsFound, UnknownFutureValue, }
    pub enum RemediationStatus {
        None,
        Remediated,
        Prevented,
        Blocked,
        NotFound,
        UnknownFutureValue,
        Active,
        PendingApproval,
        Declined,
        Unremediated,
        Running,
        PartiallyRemediated,
    }
    pub enum DetectionStatus { Detected, Blocked, Prevented, UnknownFutureValue, }
    pub enum ProtocolType { Tcp, Udp, UnknownFutureValue, }
}

model! {
    pub struct Alert {
        id: String,
        actor_display_name: Option<String>,
        additional_data: Option<Map<String, Value>>,
        alert_policy_id: Option<String>,
        alert_web_url: Option<String>,
        assigned_to: Option<String>,
        categories: Vec<String>,
        category: Option<String>,
        classification: Option<Classification>,
        comments: Vec<AlertComment>,
        created_date_time: Option<String>,
        custom_details: Option<Map<String, Value>>,
        description: Option<String>,
        detection_source: Option<String>,
        detector_id: Option<String>,
        determination: Option<Determination>,
        evidence: Vec<Evidence>,
        first_activity_date_time: Option<String>,
        incident_id: Option<String>,
        incident_web_url: Option<String>,
        investigation_state: Option<String>,
        last_activity_date_time: Option<String>,
        last_update_date_time: Option<String>,
        mitre_techniques: Vec<String>,
        product_name: Option<String>,
        provider_alert_id: Option<String>,
        recommended_actions: Option<String>,
        resolved_date_time: Option<String>,
        service_source: String,
        severity: Severity,
        status: Status,
        system_tags: Vec<String>,
        tenant_id: Option<String>,
        threat_display_name: Option<String>,
        threat_family_name: Option<String>,
        title: Option<String>,
    }

    pub struct AlertComment {
        comment: Option<String>,
        created_by_display_name: Option<String>,
        created_date_time: String,
    }

    pub struct FileDetails {
        file_name: Option<String>,
        file_path: Option<String>,
        file_publisher: Option<String>,
        file_size: Option<i64>,
        issuer: Option<String>,
        md5: Option<String>,
        sha1: Option<String>,
        sha256: Option<String>,
        sha256_ac: Option<String>,
        signer: Option<String>,
    }

    pub struct UserAccount {
        account_name: Option<String>,
        active_directory_object_guid: Option<String>,
        azure_ad_user_id: Option<String>,
        display_name: Option<String>,
        domain_name: Option<String>,
        tenant_id: Option<String>,
        user_principal_name: Option<String>,
        user_sid: Option<String>,
    }

    pub struct VmMetadata {
        cloud_provider: String,
        resource_id: Option<String>,
        subscription_id: Option<String>,
        vm_id: Option<String>,
    }

    pub struct LoggedOnUser {
        account_name: Option<String>,
        domain_name: Option<String>,
    }

    pub struct GeoLocation {
        city: Option<String>,
        country_name: Option<String>,
        // `serde_json::Number`, not `f64`: the workspace builds serde_json with
        // `arbitrary_precision`, under which an internally tagged enum hands a float
        // to its field as a map that only `Number` and `Value` accept.
        latitude: Option<serde_json::Number>,
        longitude: Option<serde_json::Number>,
        state: Option<String>,
    }

    pub struct EmailSender {
        display_name: Option<String>,
        domain_name: Option<String>,
        email_address: Option<String>,
    }

    pub struct Stream {
        name: Option<String>,
    }
}

evidence! {
    pub struct DeviceEvidence {
        azure_ad_device_id: Option<String>,
        defender_av_status: Option<String>,
        device_dns_name: Option<String>,
        dns_domain: Option<String>,
        first_seen_date_time: Option<String>,
        health_status: Option<String>,
        host_name: Option<String>,
        ip_interfaces: Vec<String>,
        last_external_ip_address: Option<String>,
        last_ip_address: Option<String>,
        logged_on_users: Vec<LoggedOnUser>,
        mde_device_id: Option<String>,
        nt_domain: Option<String>,
        onboarding_status: Option<String>,
        os_build: Option<i64>,
        os_platform: Option<String>,
        rbac_group_id: Option<i32>,
        rbac_group_name: Option<String>,
        risk_score: Option<String>,
        version: Option<String>,
        vm_metadata: Option<VmMetadata>,
    }

    pub struct FileEvidence {
        detection_status: Option<DetectionStatus>,
        file_details: Option<FileDetails>,
        mde_device_id: Option<String>,
    }

    pub struct ProcessEvidence {
        detection_status: Option<DetectionStatus>,
        image_file: Option<FileDetails>,
        mde_device_id: Option<String>,
        parent_process_creation_date_time: Option<String>,
        parent_process_id: Option<i64>,
        parent_process_image_file: Option<FileDetails>,
        process_command_line: Option<String>,
        process_creation_date_time: Option<String>,
        process_id: Option<i64>,
        user_account: Option<UserAccount>,
    }

    pub struct RegistryKeyEvidence {
        registry_hive: Option<String>,
        registry_key: Option<String>,
    }

    pub struct RegistryValueEvidence {
        mde_device_id: Option<String>,
        registry_hive: Option<String>,
        registry_key: Option<String>,
        registry_value: Option<String>,
        registry_value_name: Option<String>,
        registry_value_type: Option<String>,
    }

    pub struct UserEvidence {
        stream: Option<Stream>,
        user_account: Option<UserAccount>,
    }

    pub struct IpEvidence {
        country_letter_code: Option<String>,
        ip_address: Option<String>,
        location: Option<GeoLocation>,
        stream: Option<Stream>,
    }

    pub struct UrlEvidence {
        url: Option<String>,
    }

    pub struct MailboxEvidence {
        display_name: Option<String>,
        primary_address: Option<String>,
        upn: Option<String>,
        user_account: Option<UserAccount>,
    }

    pub struct AnalyzedMessageEvidence {
        anti_spam_direction: Option<String>,
        attachments_count: Option<i64>,
        delivery_action: Option<String>,
        delivery_location: Option<String>,
        internet_message_id: Option<String>,
        language: Option<String>,
        network_message_id: Option<String>,
        p1_sender: Option<EmailSender>,
        p2_sender: Option<EmailSender>,
        received_date_time: Option<String>,
        recipient_email_address: Option<String>,
        sender_ip: Option<String>,
        subject: Option<String>,
        threat_detection_methods: Vec<String>,
        threats: Vec<String>,
        url_count: Option<i64>,
        urls: Vec<String>,
        urn: Option<String>,
    }

    pub struct CloudApplicationEvidence {
        app_id: Option<i64>,
        display_name: Option<String>,
        instance_id: Option<i64>,
        instance_name: Option<String>,
        saas_app_id: Option<i64>,
        stream: Option<Stream>,
    }

    pub struct NetworkConnectionEvidence {
        destination_address: Option<IpEvidence>,
        destination_port: Option<i32>,
        protocol: Option<ProtocolType>,
        source_address: Option<IpEvidence>,
        source_port: Option<i32>,
    }

    pub struct DnsEvidence {
        dns_server_ip: Option<IpEvidence>,
        domain_name: Option<String>,
        host_ip_address: Option<IpEvidence>,
        ip_addresses: Vec<IpEvidence>,
    }

    pub struct SecurityGroupEvidence {
        active_directory_object_guid: Option<String>,
        display_name: Option<String>,
        distinguished_name: Option<String>,
        friendly_name: Option<String>,
        security_group_id: Option<String>,
        sid: Option<String>,
    }

    pub struct AzureResourceEvidence {
        resource_id: Option<String>,
        resource_name: Option<String>,
        resource_type: Option<String>,
    }

    pub struct OauthApplicationEvidence {
        app_id: Option<String>,
        display_name: Option<String>,
        object_id: Option<String>,
        publisher: Option<String>,
    }

    pub struct MalwareEvidence {
        category: Option<String>,
        files: Vec<FileEvidence>,
        name: Option<String>,
        processes: Vec<ProcessEvidence>,
    }

    pub struct HostLogonSessionEvidence {
        account: Option<UserEvidence>,
        end_utc_date_time: Option<String>,
        host: Option<DeviceEvidence>,
        session_id: Option<String>,
        start_utc_date_time: Option<String>,
    }
}

/// One evidence item, chosen by the exact `@odata.type` value.
// Variants stay unboxed, as they are in the generated `AnyAlertEvidence`, so that
// both models allocate alike.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "@odata.type")]
pub enum Evidence {
    #[serde(rename = "#microsoft.graph.security.deviceEvidence")]
    Device(DeviceEvidence),
    #[serde(rename = "#microsoft.graph.security.fileEvidence")]
    File(FileEvidence),
    #[serde(rename = "#microsoft.graph.security.processEvidence")]
    Process(ProcessEvidence),
    #[serde(rename = "#microsoft.graph.security.registryKeyEvidence")]
    RegistryKey(RegistryKeyEvidence),
    #[serde(rename = "#microsoft.graph.security.registryValueEvidence")]
    RegistryValue(RegistryValueEvidence),
    #[serde(rename = "#microsoft.graph.security.userEvidence")]
    User(UserEvidence),
    #[serde(rename = "#microsoft.graph.security.ipEvidence")]
    Ip(IpEvidence),
    #[serde(rename = "#microsoft.graph.security.urlEvidence")]
    Url(UrlEvidence),
    #[serde(rename = "#microsoft.graph.security.mailboxEvidence")]
    Mailbox(MailboxEvidence),
    #[serde(rename = "#microsoft.graph.security.analyzedMessageEvidence")]
    AnalyzedMessage(AnalyzedMessageEvidence),
    #[serde(rename = "#microsoft.graph.security.cloudApplicationEvidence")]
    CloudApplication(CloudApplicationEvidence),
    #[serde(rename = "#microsoft.graph.security.networkConnectionEvidence")]
    NetworkConnection(NetworkConnectionEvidence),
    #[serde(rename = "#microsoft.graph.security.dnsEvidence")]
    Dns(DnsEvidence),
    #[serde(rename = "#microsoft.graph.security.securityGroupEvidence")]
    SecurityGroup(SecurityGroupEvidence),
    #[serde(rename = "#microsoft.graph.security.azureResourceEvidence")]
    AzureResource(AzureResourceEvidence),
    #[serde(rename = "#microsoft.graph.security.oauthApplicationEvidence")]
    OauthApplication(OauthApplicationEvidence),
    #[serde(rename = "#microsoft.graph.security.malwareEvidence")]
    Malware(MalwareEvidence),
    #[serde(rename = "#microsoft.graph.security.hostLogonSessionEvidence")]
    HostLogonSession(HostLogonSessionEvidence),
    /// Any other `@odata.type`, kept without its properties.
    #[serde(other)]
    Unknown,
}
