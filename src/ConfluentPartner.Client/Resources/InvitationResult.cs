using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>What <see cref="Invitations.CreateAsync(Validation.Checked{CreateInvitationRequest}, bool, System.Threading.CancellationToken)"/> ended in.</summary>
    public sealed class InvitationResult
    {
        public InvitationResult(Invitation invitation, string? requestId, bool alreadyExisted)
        {
            Invitation = invitation; RequestId = requestId; AlreadyExisted = alreadyExisted;
        }
        public Invitation Invitation { get; }
        public string? RequestId { get; }
        /// <summary>The invitation was there before this request (409 with skip-existing).</summary>
        public bool AlreadyExisted { get; }
    }
}
