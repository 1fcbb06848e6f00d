using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;
public class Smoke { [Fact] public void Engine() { using var ps = PowerShell.Create(InitialSessionState.CreateDefault2()); var r = ps.AddScript("1+1").Invoke(); Assert.Equal(2, (int)r[0].BaseObject); } }
