using System.Management.Automation;

namespace ConfluentPartner.Isolation
{
    /// <summary>
    /// Called by PowerShell on Import-Module and Remove-Module: attaches and detaches the resolver that loads
    /// the module's engine and third-party dependencies in isolation (see <see cref="DependencyIsolation"/>).
    /// Public because PowerShell only looks for initializers among exported types; it has no members of its own.
    /// </summary>
    public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyIsolation.Attach();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Detach();
    }
}
