using System.Collections.Generic;
using ConfluentPartner.Client.Models;

namespace ConfluentPartner.Input
{
    /// <summary>Tab completion for the values of InvitationStatuses.</summary>
    public sealed class InvitationStatusCompleter : EnumCompleter
    {
        protected override IEnumerable<string> Values => InvitationStatuses.All;
        /// <summary>Sent, Accepted, ... as InputText.NormalizeInvitationStatus accepts them.</summary>
        protected override string? ShortForm(string value) => AfterPrefix(value, "INVITE_STATUS_");
    }
}
