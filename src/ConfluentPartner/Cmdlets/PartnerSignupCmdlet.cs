using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// The parameters of a partner signup (PartnerSignupRequest), shared by New-CcPartnerSignup and Test-CcPartnerSignup.
    /// The contract's entitlement <c>oneOf</c> is two parameter sets: the details of a new entitlement, or a reference
    /// to one created earlier. Every parameter binds from pipeline rows by property name, with the JSON/CSV spellings
    /// as aliases, and accepts empty values so that a blank CSV cell ends in this module's ErrorRecord, not a binder error.
    /// </summary>
    public abstract class PartnerSignupCmdlet : CcPartnerCmdlet
    {
        internal const string DetailsSet = "EntitlementDetails";
        internal const string ReferenceSet = "EntitlementReference";

        private BulkRunner? _runner;

        /// <summary>The runner that sends this cmdlet's rows; its activity names what the cmdlet does.</summary>
        internal BulkRunner Bulk => _runner ??= new BulkRunner(this, ProgressActivity);

        protected abstract string ProgressActivity { get; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void EndProcessing() => Bulk.Finish();

        // ---- organization

        /// <summary>The customer's organization name: 1 to 31 characters, none of &lt; &gt; # % ' * ^ ` { | } ~ ".</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("organization_name", "OrgName")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/organization/name")]
        public string? OrganizationName { get; set; }

        /// <summary>The customer's Azure AD (Entra ID) tenant id, sent as sso_config {kind: AzureSSOConfig, tenant_id}.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("tenant_id", "sso_tenant_id", "TenantId", "AzureTenantId")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/organization/sso_config")]
        public string? SsoTenantId { get; set; }

        // ---- entitlement details (a new entitlement)

        /// <summary>The entitlement's unique external id (per customer), e.g. the marketplace subscription id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("external_id", "entitlement_external_id", "ExternalId")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/external_id")]
        public string? EntitlementExternalId { get; set; }

        /// <summary>The entitlement's name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_name", "name")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/name")]
        public string? EntitlementName { get; set; }

        /// <summary>The marketplace plan, e.g. confluent-cloud-payg-prod (tab-completes).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("plan_id")]
        [ArgumentCompleter(typeof(PlanIdCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/plan_id")]
        public string? PlanId { get; set; }

        /// <summary>The marketplace product, e.g. confluent-cloud-kafka-service-azure (tab-completes).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("product_id")]
        [ArgumentCompleter(typeof(ProductIdCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/product_id")]
        public string? ProductId { get; set; }

        /// <summary>The usage reporting id, when usage is reported under another id than the external id.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("usage_reporting_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/usage_reporting_id")]
        public string? UsageReportingId { get; set; }

        /// <summary>The marketplace resource id of the entitlement.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("resource_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/resource_id")]
        public string? ResourceId { get; set; }

        /// <summary>Optional reference to the organization associated with the entitlement: its id.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/id")]
        public string? EntitlementOrganizationId { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its environment, if environment-scoped.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_environment")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/environment")]
        public string? EntitlementOrganizationEnvironment { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its API URL (related).</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_related", "EntitlementOrganizationRelated")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/related")]
        public string? EntitlementOrganizationUri { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its CRN (resource_name).</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_resource_name")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/resource_name")]
        public string? EntitlementOrganizationResourceName { get; set; }

        // ---- entitlement reference (an entitlement created earlier)

        /// <summary>The API URL of an entitlement created earlier (related), e.g. https://api.confluent.cloud/partner/v2/entitlements/{id}.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("related", "entitlement_related", "entitlement_uri", "entitlement_url", "EntitlementRelated")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/related")]
        public string? EntitlementUri { get; set; }

        /// <summary>The CRN of the entitlement created earlier (resource_name), e.g. crn://confluent.cloud/entitlement={id}.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("resource_name", "entitlement_resource_name", "entitlement_crn")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/resource_name")]
        public string? EntitlementResourceName { get; set; }

        /// <summary>The id of the entitlement created earlier; taken from -EntitlementUri (…/entitlements/{id}) when omitted.</summary>
        [Parameter(ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/id")]
        public string? EntitlementId { get; set; }

        /// <summary>The environment of the referenced entitlement, if it is environment-scoped.</summary>
        [Parameter(ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_environment")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/environment")]
        public string? EntitlementEnvironment { get; set; }

        // ---- user (optional, all or nothing)

        /// <summary>The first user's email. Give all three user fields, or none (then Complete-CcPartnerSignup adds the user later).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("email", "user_email")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/email")]
        public string? UserEmail { get; set; }

        /// <summary>The first user's given name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("given_name", "user_given_name", "GivenName", "FirstName")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/given_name")]
        public string? UserGivenName { get; set; }

        /// <summary>The first user's family name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("family_name", "user_family_name", "FamilyName", "LastName", "Surname")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/family_name")]
        public string? UserFamilyName { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>What ErrorRecords point at: the piped row, else the organization name.</summary>
        internal object Target => InputObject ?? (object?)OrganizationName ?? "";

        internal bool IsReference => ParameterSetName == ReferenceSet;

        /// <summary>
        /// The request exactly as the contract wants it: trimmed values, unset optionals left null (omitted).
        /// The binder binds one entitlement form per row and ignores the other's properties, so a CSV with columns for
        /// both forms would always be read as the default form. The row's values for the other form are read here:
        /// a row that fills only the other form's cells is taken as that form, and one that fills both is refused
        /// by the contract check (exactly one form).
        /// </summary>
        internal Checked<PartnerSignupRequest> BuildRequest()
        {
            var entitlement = PipedEntitlementResource() ?? Merge(
                IsReference ? BuildReference(BoundValue) : BuildDetails(BoundValue),
                IsReference ? BuildDetails(RowValue) : BuildReference(RowValue));
            return ContractValidator.Check(new PartnerSignupRequest
            {
                Organization = new SignupOrganization
                {
                    Name = InputText.Clean(OrganizationName),
                    SsoConfig = new AzureSsoConfig { TenantId = InputText.Clean(SsoTenantId) },
                },
                Entitlement = entitlement,
                User = BuildUser(),
            });
        }

        /// <summary>
        /// An entitlement as the API returns it (partner.v2.Entitlement: kind 'Entitlement', id, metadata.self and
        /// metadata.resource_name), piped in from Invoke-RestMethod or ConvertFrom-Json: a reference to it. Its
        /// external_id, name, plan_id and product_id describe the existing entitlement, not a new one to create.
        /// </summary>
        private SignupEntitlement? PipedEntitlementResource()
        {
            if (InputObject == null || !string.Equals(Member(InputObject, "kind") as string, "Entitlement", StringComparison.Ordinal)) return null;
            var metadata = Member(InputObject, "metadata");
            if (metadata == null) return null;
            var related = InputText.Clean(Member(metadata, "self") as string);
            return new SignupEntitlement
            {
                Id = InputText.Clean(Member(InputObject, "id") as string) ?? IdFromEntitlementUri(related),
                Related = related,
                ResourceName = InputText.Clean(Member(metadata, "resource_name") as string),
            };
        }

        /// <summary>A property of a PSObject (e.g. from ConvertFrom-Json) or a key of a hashtable, unwrapped.</summary>
        private static object? Member(object container, string name)
        {
            var value = container is IDictionary dictionary ? dictionary[name] : PSObject.AsPSObject(container).Properties[name]?.Value;
            return value is PSObject wrapped ? (wrapped.BaseObject is PSCustomObject ? wrapped : wrapped.BaseObject) : value;
        }

        private static SignupEntitlement BuildDetails(Func<string, string?> value)
        {
            var organization = new ObjectReference
            {
                Id = InputText.Clean(value(nameof(EntitlementOrganizationId))),
                Environment = InputText.Clean(value(nameof(EntitlementOrganizationEnvironment))),
                Related = InputText.Clean(value(nameof(EntitlementOrganizationUri))),
                ResourceName = InputText.Clean(value(nameof(EntitlementOrganizationResourceName))),
            };
            var hasOrganization = organization.Id != null || organization.Environment != null || organization.Related != null || organization.ResourceName != null;
            return new SignupEntitlement
            {
                ExternalId = InputText.Clean(value(nameof(EntitlementExternalId))),
                Name = InputText.Clean(value(nameof(EntitlementName))),
                PlanId = InputText.Canonical(value(nameof(PlanId)), PlanIds.All),
                ProductId = InputText.Canonical(value(nameof(ProductId)), ProductIds.All),
                UsageReportingId = InputText.Clean(value(nameof(UsageReportingId))),
                ResourceId = InputText.Clean(value(nameof(ResourceId))),
                Organization = hasOrganization ? organization : null,
            };
        }

        private static SignupEntitlement BuildReference(Func<string, string?> value)
        {
            var related = InputText.Clean(value(nameof(EntitlementUri)));
            return new SignupEntitlement
            {
                Id = InputText.Clean(value(nameof(EntitlementId))) ?? IdFromEntitlementUri(related),
                Related = related,
                ResourceName = InputText.Clean(value(nameof(EntitlementResourceName))),
                Environment = InputText.Clean(value(nameof(EntitlementEnvironment))),
            };
        }

        /// <summary>One entitlement carrying whatever either form gave; the contract check refuses a mix.</summary>
        private static SignupEntitlement Merge(SignupEntitlement a, SignupEntitlement b) => new SignupEntitlement
        {
            ExternalId = a.ExternalId ?? b.ExternalId,
            Name = a.Name ?? b.Name,
            PlanId = a.PlanId ?? b.PlanId,
            ProductId = a.ProductId ?? b.ProductId,
            UsageReportingId = a.UsageReportingId ?? b.UsageReportingId,
            ResourceId = a.ResourceId ?? b.ResourceId,
            Organization = a.Organization ?? b.Organization,
            Id = a.Id ?? b.Id,
            Related = a.Related ?? b.Related,
            ResourceName = a.ResourceName ?? b.ResourceName,
            Environment = a.Environment ?? b.Environment,
        };

        /// <summary>The {id} of …/partner/v2/entitlements/{id}; null for any other URL.</summary>
        internal static string? IdFromEntitlementUri(string? related)
        {
            if (related == null || !Uri.TryCreate(related, UriKind.Absolute, out var uri)) return null;
            var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
            var n = segments.Length;
            return n >= 2 && segments[n - 2] == "entitlements" && segments[n - 1].Length > 0 ? Uri.UnescapeDataString(segments[n - 1]) : null;
        }

        private SignupUser? BuildUser()
        {
            var user = new SignupUser
            {
                Email = InputText.Clean(UserEmail),
                GivenName = InputText.Clean(UserGivenName),
                FamilyName = InputText.Clean(UserFamilyName),
            };
            return user.Email == null && user.GivenName == null && user.FamilyName == null ? null : user;
        }

        /// <summary>A bound parameter's value (entitlement parameters are all strings).</summary>
        private string? BoundValue(string parameterName) => (string?)GetType().GetProperty(parameterName)!.GetValue(this);

        /// <summary>A parameter's value as the piped row carries it, under its name or any alias; null without a row.</summary>
        private string? RowValue(string parameterName)
        {
            if (InputObject == null) return null;
            var parameter = MyInvocation.MyCommand.Parameters[parameterName];
            foreach (var name in new[] { parameter.Name }.Concat(parameter.Aliases))
            {
                var value = InputObject.Properties[name]?.Value;
                if (value is PSObject wrapped) value = wrapped.BaseObject;
                var text = value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(text)) return text;
            }
            return null;
        }
    }
}
