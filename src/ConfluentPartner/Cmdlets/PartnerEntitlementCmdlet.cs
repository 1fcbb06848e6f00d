using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// The details of a new entitlement (partner.v2.Entitlement), declared once for New-CcPartnerEntitlement (top-level
    /// fields) and for signups and links (under /entitlement): each parameter's [RequestField] names both locations. Every
    /// parameter binds from pipeline rows by property name, with the JSON/CSV spellings as aliases, and accepts empty values
    /// so that a blank CSV cell ends in this module's ErrorRecord, not a binder error. Also the bulk runner and the row.
    /// </summary>
    public abstract class PartnerEntitlementCmdlet : CcPartnerCmdlet
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

        /// <summary>The entitlement's unique external id (per customer), e.g. the marketplace subscription id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("external_id", "entitlement_external_id", "ExternalId")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/external_id", "/external_id")]
        public string? EntitlementExternalId { get; set; }

        /// <summary>The entitlement's name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_name", "name")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/name", "/name")]
        public string? EntitlementName { get; set; }

        /// <summary>The marketplace plan, e.g. confluent-cloud-payg-prod (tab-completes).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("plan_id")]
        [ArgumentCompleter(typeof(PlanIdCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/plan_id", "/plan_id")]
        public string? PlanId { get; set; }

        /// <summary>The marketplace product, e.g. confluent-cloud-kafka-service-azure (tab-completes).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("product_id")]
        [ArgumentCompleter(typeof(ProductIdCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/product_id", "/product_id")]
        public string? ProductId { get; set; }

        /// <summary>The usage reporting id, when usage is reported under another id than the external id.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("usage_reporting_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/usage_reporting_id", "/usage_reporting_id")]
        public string? UsageReportingId { get; set; }

        /// <summary>The marketplace resource id of the entitlement.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("resource_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/resource_id", "/resource_id")]
        public string? ResourceId { get; set; }

        /// <summary>Optional reference to the organization associated with the entitlement: its id.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/id", "/organization/id")]
        public string? EntitlementOrganizationId { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its environment, if environment-scoped.</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_environment")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/environment", "/organization/environment")]
        public string? EntitlementOrganizationEnvironment { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its API URL (related).</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_related", "EntitlementOrganizationRelated")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/related", "/organization/related")]
        public string? EntitlementOrganizationUri { get; set; }

        /// <summary>Optional reference to the entitlement's organization: its CRN (resource_name).</summary>
        [Parameter(ParameterSetName = DetailsSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_organization_resource_name")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/organization/resource_name", "/organization/resource_name")]
        public string? EntitlementOrganizationResourceName { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>
        /// The details of a new entitlement, each field from its parameter, else from the row's cell for it. The binder binds
        /// one parameter set per row and leaves the other set's cells unbound, so a CSV with columns for both entitlement forms
        /// is read cell by cell: a row filling only the other form's cells is taken as that form, and one filling both is
        /// refused by the contract check (exactly one form).
        /// </summary>
        internal SignupEntitlement BuildDetails()
        {
            var organization = new ObjectReference
            {
                Id = Cell(EntitlementOrganizationId, nameof(EntitlementOrganizationId)),
                Environment = Cell(EntitlementOrganizationEnvironment, nameof(EntitlementOrganizationEnvironment)),
                Related = Cell(EntitlementOrganizationUri, nameof(EntitlementOrganizationUri)),
                ResourceName = Cell(EntitlementOrganizationResourceName, nameof(EntitlementOrganizationResourceName)),
            };
            var hasOrganization = organization.Id != null || organization.Environment != null || organization.Related != null || organization.ResourceName != null;
            return new SignupEntitlement
            {
                ExternalId = Cell(EntitlementExternalId, nameof(EntitlementExternalId)),
                Name = Cell(EntitlementName, nameof(EntitlementName)),
                PlanId = InputText.Canonical(Cell(PlanId, nameof(PlanId)), PlanIds.All),
                ProductId = InputText.Canonical(Cell(ProductId, nameof(ProductId)), ProductIds.All),
                UsageReportingId = Cell(UsageReportingId, nameof(UsageReportingId)),
                ResourceId = Cell(ResourceId, nameof(ResourceId)),
                Organization = hasOrganization ? organization : null,
            };
        }

        /// <summary>A request field's value: the bound parameter, else the piped row's cell under the parameter's name or an alias, cleaned.</summary>
        internal string? Cell(string? bound, string parameterName) => InputText.Clean(bound) ?? InputText.Clean(RowCell(parameterName));

        private string? RowCell(string parameterName)
        {
            if (InputObject == null || !MyInvocation.MyCommand.Parameters.TryGetValue(parameterName, out var parameter)) return null;
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
