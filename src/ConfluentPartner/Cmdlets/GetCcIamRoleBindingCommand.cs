using System;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Lists role bindings in a scope (GET /iam/v2/role-bindings, every page, written as each page arrives): the
    /// organization by default, an environment, a cluster, or a raw CRN pattern; optionally only one principal's or one
    /// role's. The API's scope filter also returns bindings below the scope; -Exact keeps only those on the scope itself.
    /// Gets bindings by id (GET /iam/v2/role-bindings/{id}) with -Id.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CcIamRoleBinding", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(IamRoleBinding))]
    public sealed class GetCcIamRoleBindingCommand : CcApiCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";
        private readonly IamLookups _lookups = new IamLookups();

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

        /// <summary>Role binding ids (rb-...); bind from piped bindings and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleBindingId", "role_binding_id")]
        [AllowEmptyString]
        public string[]? Id { get; set; }

        /// <summary>Only this principal's bindings: User:u-..., Group:..., a user id (u-...) or a user's email (looked up).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [RequestField("principal")]
        public string? Principal { get; set; }

        /// <summary>Only bindings of this role, e.g. EnvironmentAdmin.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("role_name", "Role")]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        [ValidateNotNullOrEmpty]
        [RequestField("role_name")]
        public string? RoleName { get; set; }

        /// <summary>The environment (env-...) to list; default: the whole organization.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("environment_id", "EnvironmentId", "env")]
        [ValidateNotNullOrEmpty]
        [RequestField("/scope/environment")]
        public string? Environment { get; set; }

        /// <summary>The cluster (lkc-...) to list; needs -Environment.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("cluster_id", "ClusterId", "lkc")]
        [ValidateNotNullOrEmpty]
        [RequestField("/scope/cluster")]
        public string? Cluster { get; set; }

        /// <summary>A raw scope, e.g. crn://confluent.cloud/organization=.../environment=env-.../cloud-cluster=lkc-.../kafka=lkc-.../topic=orders.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("crn_pattern")]
        [ValidateNotNullOrEmpty]
        [RequestField("/crn_pattern", "crn_pattern")]
        public string? CrnPattern { get; set; }

        /// <summary>The organization id; default: read from an invitation's resource name.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Alias("organization_id")]
        [ValidateNotNullOrEmpty]
        public string? OrganizationId { get; set; }

        /// <summary>Only bindings whose CRN pattern is the scope itself, not below it.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Exact { get; set; }

        /// <summary>Bindings per request (1-100); every page is read either way. Default 100.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
        [RequestField("page_size")]
        public int? PageSize { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its error.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = IdSet, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != IdSet) return;
            foreach (var given in Id!)
            {
                var target = InputObject ?? (object)given;
                var id = InputText.Clean(given);
                if (id == null)
                {
                    WriteApiError(RoleBindingIds.Missing(), target);
                    continue;
                }
                try
                {
                    var result = Wait(Client.RoleBindings.GetAsync(id, Cancellation));
                    WriteObject(IamRoleBinding.From(result.Value, result.RequestId));
                }
                catch (CcApiException ex)
                {
                    WriteApiError(ex, target);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ListSet) List();
            Log.Flush(this);
        }

        private void List()
        {
            var scope = new RoleGrant { Environment = InputText.Clean(Environment), Cluster = InputText.Clean(Cluster), CrnPattern = InputText.Clean(CrnPattern) };
            var violations = scope.ValidateScope();
            if (violations.Count > 0)
            {
                WriteApiError(CcApiException.Validation(violations), scope, stop: true);
                return;
            }
            try
            {
                var crn = scope.CrnPattern ?? scope.ScopeIn(Wait(_lookups.OrganizationIdAsync(Client, InputText.Clean(OrganizationId), Cancellation)));
                var principal = Principal == null ? null : Wait(_lookups.PrincipalAsync(Client, Principal.Trim(), nameof(Principal), Cancellation)).Principal;
                var filter = ContractValidator.Check(new RoleBindingFilter { CrnPattern = crn, Principal = principal, RoleName = InputText.Clean(RoleName), PageSize = PageSize });
                if (!filter.IsValid)
                {
                    WriteApiError(CcApiException.Validation(filter.Violations), filter.Request, stop: true);
                    return;
                }
                var bindings = Client.RoleBindings.List(filter, Cancellation);
                while (Wait(bindings.MoveNextAsync()))
                {
                    var b = bindings.Current.Value;
                    if (Exact.IsPresent && !string.Equals(b.CrnPattern, crn, StringComparison.Ordinal)) continue;
                    WriteObject(IamRoleBinding.From(b, bindings.Current.RequestId));
                }
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, scope);
            }
        }
    }
}
