using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Grants roles (POST /iam/v2/role-bindings): a role for a principal (a user id, User:/Group: principal, or a user's
    /// email, looked up) on a scope: the organization by default, an environment, a cluster, or a raw CRN pattern.
    /// Takes parameters or piped rows; a create whose outcome is unclear is looked up before it is sent again.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CcIamRoleBinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IamRoleBinding))]
    public sealed class NewCcIamRoleBindingCommand : RoleScopeCmdlet
    {
        private readonly IamLookups _lookups = new IamLookups();

        protected override string ProgressActivity => "Granting Confluent Cloud roles";

        /// <summary>Who gets the role: User:u-..., Group:..., a user id (u-...) or a user's email (looked up).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("UserId", "user_id", "Email")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/principal")]
        public string? Principal { get; set; }

        /// <summary>The role, e.g. OrganizationAdmin, EnvironmentAdmin, CloudClusterAdmin, MetricsViewer (tab completes; other names are sent as given).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("role_name", "Role")]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/role_name")]
        public string? RoleName { get; set; }

        /// <summary>Report a binding that already exists (marked AlreadyExisted) instead of a ResourceExists error.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        protected override void ProcessRecord()
        {
            var target = InputObject ?? (object?)Principal ?? "";
            var principal = InputText.Clean(Principal);
            if (principal == null)
            {
                Bulk.Add(ErrorRecordMapper.Outcome(CcApiException.Validation(new[]
                {
                    new CcApiError("required_field_missing", "The principal is required: User:u-..., a user id (u-...) or a user's email.", "/principal", "Required field missing"),
                }), target, Bulk.Fields));
                return;
            }
            var grant = ContractValidator.Check(Grant(new[] { InputText.Clean(RoleName) ?? "" }));
            var organizationId = InputText.Clean(OrganizationId);
            var skipExisting = SkipExisting.IsPresent;
            Bulk.Submit(target, grant,
                g => (principal, $"Grant role {g.RoleNames[0]} on {g.DescribeScope()}"),
                async (client, g, token) =>
                {
                    var (resolved, email) = await _lookups.PrincipalAsync(client, principal, nameof(Principal), token).ConfigureAwait(false);
                    var crn = g.CrnPattern ?? g.ScopeIn(await _lookups.OrganizationIdAsync(client, organizationId, token).ConfigureAwait(false));
                    var request = ContractValidator.Check(new CreateRoleBindingRequest { Principal = resolved, RoleName = g.RoleNames[0], CrnPattern = crn });
                    var result = await client.RoleBindings.CreateAsync(request, skipExisting, token).ConfigureAwait(false);
                    return RowOutcome.Success(IamRoleBinding.From(result.Binding, result.RequestId, result.AlreadyExisted, email));
                });
        }
    }
}
