using System.Collections.Generic;
using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Infrastructure;

namespace ConfluentPartner.Commands
{
    /// <summary>Invites users to the organization by email (POST /iam/v2/invitations).</summary>
    [Cmdlet(VerbsCommon.New, "CcIamInvitation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IamInvitation))]
    public sealed class NewCcIamInvitationCommand : CcBulkCmdlet
    {
        internal static readonly IReadOnlyDictionary<string, string> PointerMap = new Dictionary<string, string>
        {
            ["/email"] = nameof(Email),
            ["email"] = nameof(Email),
            ["/auth_type"] = nameof(AuthType),
        };

        /// <summary>The invitee's email address.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("EmailAddress", "Mail", "UserPrincipalName", "E-mail")]
        [AllowEmptyString]
        [AllowNull]
        public string? Email { get; set; }

        /// <summary>AUTH_TYPE_LOCAL or AUTH_TYPE_SSO (also Local or SSO). Omitted: the organization's default.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("auth_type", "AuthenticationType")]
        [ArgumentCompleter(typeof(AuthTypeCompleter))]
        [AllowEmptyString]
        [AllowNull]
        public string? AuthType { get; set; }

        /// <summary>Report an invitation that already exists (marked AlreadyExisted) instead of a ResourceExists error.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override string ProgressActivity => "Inviting users to Confluent Cloud";

        protected override void ProcessRecord()
        {
            object target = InputObject ?? (object?)Email ?? "";
            var request = new CreateInvitationRequest
            {
                Email = InputText.Clean(Email),
                AuthType = InputText.NormalizeAuthType(AuthType),
            };

            var errors = ContractValidator.Validate(request);
            if (errors.Count > 0)
            {
                EnqueueOutcome(RowOutcome.Failure(ErrorRecordFactory.FromApiException(CcApiException.Validation(errors), target, PointerMap)));
                return;
            }

            var action = request.AuthType == null ? "Invite user" : $"Invite user ({request.AuthType})";
            if (!ShouldProcess(request.Email, action)) return;

            var skipExisting = SkipExisting.IsPresent;
            Enqueue(async (client, token) =>
            {
                var result = await client.CreateInvitationAsync(request, skipExisting, token).ConfigureAwait(false);
                return RowOutcome.Success(IamInvitation.From(result.Invitation, result.RequestId, result.AlreadyExisted));
            }, target, PointerMap);
        }
    }
}
