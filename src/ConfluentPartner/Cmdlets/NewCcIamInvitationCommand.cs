using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Resources;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Invites users to the organization by email (POST /iam/v2/invitations) and, with -RoleName, grants the invited
    /// user roles at once (POST /iam/v2/role-bindings to <c>User:&lt;invitation.user.id&gt;</c>) on the organization, an
    /// environment, a cluster or a raw CRN pattern.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CcIamInvitation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IamInvitation))]
    public sealed class NewCcIamInvitationCommand : RoleScopeCmdlet
    {
        private static readonly char[] RoleSeparators = { ';', ',', '|', ' ' };

        protected override string ProgressActivity => "Inviting users to Confluent Cloud";

        /// <summary>The invitee's email address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("EmailAddress", "Mail", "UserPrincipalName", "E-mail")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/email", "email")]
        public string? Email { get; set; }

        /// <summary>AUTH_TYPE_LOCAL or AUTH_TYPE_SSO (also Local or SSO). Omitted: the organization's default.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("auth_type", "AuthenticationType")]
        [ArgumentCompleter(typeof(AuthTypeCompleter))]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/auth_type")]
        public string? AuthType { get; set; }

        /// <summary>
        /// Roles to grant the invited user, e.g. OrganizationAdmin, EnvironmentAdmin, MetricsViewer (tab completes; other names
        /// are sent as given). A CSV cell may list several, separated by ';'.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("role_name", "role_names", "Role", "Roles")]
        [ArgumentCompleter(typeof(RoleNameCompleter))]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/role_name")]
        public string[]? RoleName { get; set; }

        /// <summary>
        /// Report an invitation that already exists (marked AlreadyExisted) instead of a ResourceExists error, and grant only
        /// the roles it does not have yet.
        /// </summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        protected override void ProcessRecord()
        {
            var request = ContractValidator.Check(new InvitationWithRoles
            {
                Invitation = new CreateInvitationRequest { Email = InputText.Clean(Email), AuthType = InputText.NormalizeAuthType(AuthType) },
                Roles = Grant(SplitRoles(RoleName)),
            });
            var skipExisting = SkipExisting.IsPresent;
            var organizationId = InputText.Clean(OrganizationId);
            var target = InputObject ?? (object?)Email ?? "";
            Bulk.Submit(target, request, r => (r.Invitation.Email!, Describe(r)),
                async (client, r, token) =>
                {
                    var invitation = await client.Invitations.CreateAsync(InvitationWithRoles.InvitationOf(request), skipExisting, token).ConfigureAwait(false);
                    var output = IamInvitation.From(invitation.Invitation, invitation.RequestId, invitation.AlreadyExisted);
                    if (r.Roles.RoleNames.Count == 0) return RowOutcome.Success(output);
                    return await GrantAsync(client, invitation, r.Roles, organizationId, output, target, token).ConfigureAwait(false);
                });
        }

        /// <summary>
        /// Binds each role to the invited user. An invitation that existed before is checked for its bindings first, so a
        /// re-run creates only the missing ones. Any failed binding makes the row's outcome an error that says the invitation
        /// exists (its id), which bindings were made, and which failed and why.
        /// </summary>
        private async Task<RowOutcome> GrantAsync(CcApiClient client, InvitationResult invitation, RoleGrant grant, string? givenOrganizationId, IamInvitation output, object target,
            CancellationToken token)
        {
            var inv = invitation.Invitation;
            var made = new List<IamRoleBinding>();
            var failed = new List<(string Role, string Crn, CcApiException Error)>();
            var userId = inv.User?.Id;
            var organizationId = givenOrganizationId ?? Crn.OrganizationId(inv.Metadata?.ResourceName);
            string? crn = grant.CrnPattern ?? (organizationId == null ? null : grant.ScopeIn(organizationId));
            if (userId == null || crn == null)
            {
                var missing = userId == null ? "has no user id (user.id)" : $"has no organization in its resource name ('{inv.Metadata?.ResourceName}'); give -OrganizationId";
                var error = new CcApiException(0, invitation.RequestId, new[] { new CcApiError("invalid_response", $"The invitation {missing}; no role was granted.") },
                    $"The invitation {missing}.");
                foreach (var role in grant.RoleNames) failed.Add((role, crn ?? grant.DescribeScope(), error));
            }
            else
            {
                foreach (var role in grant.RoleNames)
                {
                    var binding = ContractValidator.Check(new CreateRoleBindingRequest { Principal = Crn.UserPrincipal(userId), RoleName = role, CrnPattern = crn });
                    try
                    {
                        var result = invitation.AlreadyExisted
                            ? await client.RoleBindings.EnsureAsync(binding, token).ConfigureAwait(false)
                            : await client.RoleBindings.CreateAsync(binding, skipExisting: true, token).ConfigureAwait(false); // a new user's 409 can only be our own resend
                        made.Add(IamRoleBinding.From(result.Binding, result.RequestId, result.AlreadyExisted, inv.Email));
                    }
                    catch (CcApiException ex)
                    {
                        failed.Add((role, crn, ex));
                        if (ErrorRecordMapper.DoomsEveryRow(ex)) break;
                    }
                }
            }
            output.RoleBindings = made.ToArray();
            if (failed.Count == 0) return RowOutcome.Success(output);
            return ErrorRecordMapper.Outcome(PartialFailure(inv, invitation.AlreadyExisted, made, failed), target, Bulk.Fields,
                _ => $"Re-run this row with -SkipExisting: it finds invitation {inv.Id} and creates only the missing role bindings.");
        }

        /// <summary>The first failure's status and request id, with one error per failed binding, each saying what exists.</summary>
        private static CcApiException PartialFailure(Invitation inv, bool existed, List<IamRoleBinding> made,
            List<(string Role, string Crn, CcApiException Error)> failed)
        {
            var state = $"Invitation {inv.Id} for {inv.Email} {(existed ? "exists" : "was created")} (user {inv.User?.Id})";
            var granted = made.Count == 0 ? "no role was granted" : "granted: " + string.Join(", ", made.Select(b => b.ToString()));
            var errors = new List<CcApiError>();
            foreach (var (role, crn, error) in failed)
                foreach (var e in error.Errors.Count > 0 ? error.Errors : new[] { new CcApiError(error.Code, error.Message) })
                    errors.Add(new CcApiError(e.Code, $"{state}, {granted}; binding role {role} on {crn} failed: {e.Detail ?? e.Title ?? e.Code}",
                        e.Pointer, e.Title, e.QueryParameter, e.Id, e.Resolution));
            var first = failed[0].Error;
            return first.WithErrors(errors, string.Join(" ", errors.Select(e => e.Detail)));
        }

        private static string Describe(InvitationWithRoles r)
        {
            var invite = r.Invitation.AuthType == null ? "Invite user" : $"Invite user ({r.Invitation.AuthType})";
            return r.Roles.RoleNames.Count == 0 ? invite : $"{invite} and grant {string.Join(", ", r.Roles.RoleNames)} on {r.Roles.DescribeScope()}";
        }

        /// <summary>Role names from parameters or a CSV cell ("OrganizationAdmin;MetricsViewer"), blanks dropped.</summary>
        private static IReadOnlyList<string> SplitRoles(string[]? given) =>
            (given ?? Array.Empty<string>()).Where(g => g != null)
                .SelectMany(g => g.Split(RoleSeparators, StringSplitOptions.RemoveEmptyEntries)).ToList();
    }
}
