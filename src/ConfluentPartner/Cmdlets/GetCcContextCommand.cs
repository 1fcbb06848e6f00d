using System.Management.Automation;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>What Connect-CcCloud connected this session to; nothing when it is not connected. Never a secret.</summary>
    [Cmdlet(VerbsCommon.Get, "CcContext")]
    [OutputType(typeof(CcContext))]
    public sealed class GetCcContextCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var context = ConnectContext.Current;
            if (context != null) WriteObject(context.ToPublic());
        }
    }
}
