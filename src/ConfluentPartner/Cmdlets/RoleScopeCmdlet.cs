using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// The scope roles are granted on (the organization by default, an environment, a cluster in it, or a raw CRN pattern),
    /// declared once for New-CcIamRoleBinding and New-CcIamInvitation -RoleName. Each parameter binds from pipeline rows by
    /// property name with its CSV spellings as aliases, and accepts empty values: a blank CSV cell means "not given". Also
    /// the bulk runner both send their rows with, its parameters, and the piped row.
    /// </summary>
    public abstract class RoleScopeCmdlet : CcApiCmdlet
    {
        private BulkRunner? _runner;

        /// <summary>The runner that sends this cmdlet's rows; its activity names what the cmdlet does.</summary>
        internal BulkRunner Bulk => _runner ??= new BulkRunner(this, ProgressActivity);

        protected abstract string ProgressActivity { get; }

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>The environment (env-...) the roles apply to; default: the organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("environment_id", "EnvironmentId", "env")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/scope/environment")]
        public string? Environment { get; set; }

        /// <summary>The cluster (lkc-...) the roles apply to; needs -Environment.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("cluster_id", "ClusterId", "lkc")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/scope/cluster")]
        public string? Cluster { get; set; }

        /// <summary>A raw scope for anything finer (a topic, a consumer group), e.g. crn://confluent.cloud/organization=.../environment=env-.../cloud-cluster=lkc-.../kafka=lkc-.../topic=orders.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("crn_pattern")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/crn_pattern")]
        public string? CrnPattern { get; set; }

        /// <summary>The organization id for -Environment/-Cluster scopes; default: read from an invitation's metadata.resource_name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("organization_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? OrganizationId { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void EndProcessing() => Bulk.Finish();

        /// <summary>The given roles on this row's scope; blank cells count as not given.</summary>
        internal RoleGrant Grant(IReadOnlyList<string> roleNames) => new RoleGrant
        {
            RoleNames = roleNames,
            Environment = InputText.Clean(Environment),
            Cluster = InputText.Clean(Cluster),
            CrnPattern = InputText.Clean(CrnPattern),
        };
    }
}
