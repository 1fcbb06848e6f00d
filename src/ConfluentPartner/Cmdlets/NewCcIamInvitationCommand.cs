using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>Invites users to the organization by email (POST /iam/v2/invitations).</summary>
    [Cmdlet(VerbsCommon.New, "CcIamInvitation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IamInvitation))]
    public sealed class NewCcIamInvitationCommand : CcApiCmdlet
    {
        private BulkRunner? _runner;
        private BulkRunner Bulk => _runner ??= new BulkRunner(this, "Inviting users to Confluent Cloud");

        protected override ApiFamily ApiFamily => ApiFamily.Iam;

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

        /// <summary>Report an invitation that already exists (marked AlreadyExisted) instead of a ResourceExists error.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>The piped row itself, kept as the TargetObject of its outcome.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        // The runner's parameters (help: docs/help/_CommonParameters.md).
        [Parameter, ValidateRange(1, 64)] public int ThrottleLimit { get => Bulk.ThrottleLimit; set => Bulk.ThrottleLimit = value; }
        [Parameter, ValidateRange(0, 20)] public int MaximumRetryCount { get => Bulk.MaximumRetryCount; set => Bulk.MaximumRetryCount = value; }
        [Parameter, ValidateRange(0, 300)] public double RetryIntervalSec { get => Bulk.RetryIntervalSec; set => Bulk.RetryIntervalSec = value; }

        protected override void ProcessRecord()
        {
            var request = ContractValidator.Check(new CreateInvitationRequest
            {
                Email = InputText.Clean(Email),
                AuthType = InputText.NormalizeAuthType(AuthType),
            });
            var skipExisting = SkipExisting.IsPresent;
            Bulk.Submit(InputObject ?? (object?)Email ?? "", request,
                r => (r.Email!, r.AuthType == null ? "Invite user" : $"Invite user ({r.AuthType})"),
                async (client, r, token) =>
                {
                    var result = await client.Invitations.CreateAsync(request, skipExisting, token).ConfigureAwait(false);
                    return RowOutcome.Success(IamInvitation.From(result.Invitation, result.RequestId, result.AlreadyExisted));
                });
        }

        protected override void EndProcessing() => Bulk.Finish();
    }
}
