using System.Management.Automation;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>Forgets this session's Connect-CcCloud context; cmdlets fall back to their parameters and the environment.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "CcCloud")]
    public sealed class DisconnectCcCloudCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            if (ConnectContext.Current == null)
            {
                WriteVerbose("This session was not connected.");
                return;
            }
            ConnectContext.SetCurrent(null);
            WriteVerbose("Disconnected: the credentials of Connect-CcCloud are forgotten in this session.");
        }
    }
}
