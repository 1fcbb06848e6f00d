using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ConfluentPartner.Isolation
{
    /// <summary>
    /// Keeps the module's third-party assemblies (System.Text.Json, Microsoft.Extensions.*, and what they pull in)
    /// away from whatever else the PowerShell session has loaded, as in the PowerShell documentation's
    /// "Resolving PowerShell module assembly dependency conflicts".
    /// <para>
    /// Layout: the module folder holds only this cmdlet assembly; the engine (ConfluentPartner.Client) and every
    /// dependency live in <see cref="DirectoryName"/>/, where neither PowerShell nor Assembly.LoadFrom's probing
    /// finds them. This assembly references no third-party assembly, only the engine, so the one name the session
    /// ever has to resolve for us is the engine's:
    /// </para>
    /// <list type="bullet">
    /// <item>PowerShell 7 (.NET): the engine and its dependencies load into a private AssemblyLoadContext
    /// (<see cref="CoreClrDependencyResolver"/>); another module's Microsoft.Extensions.Http 8 and ours coexist.</item>
    /// <item>Windows PowerShell 5.1 (.NET Framework): there is one load context, so an AppDomain.AssemblyResolve
    /// handler serves our dependency names from our folder when the normal probe fails
    /// (<see cref="NetFrameworkDependencyResolver"/>), which also stands in for the binding redirects
    /// powershell.exe.config cannot have for us.</item>
    /// </list>
    /// Imports and removals are counted, so one runspace's Remove-Module does not pull the resolver from under
    /// another runspace of the same process that still uses the module.
    /// </summary>
    internal static class DependencyIsolation
    {
        internal const string DirectoryName = "Dependencies";
        internal const string EngineAssemblyName = "ConfluentPartner.Client";

        private static readonly object Gate = new object();
        private static int _imports;

        /// <summary>The folder of the module's private assemblies, next to this assembly.</summary>
        internal static string DependencyDirectory { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location) ?? ".", DirectoryName);

        internal static bool IsNetFramework { get; } =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public static void Attach()
        {
            lock (Gate)
            {
                if (_imports++ == 0)
                {
                    if (IsNetFramework) NetFrameworkDependencyResolver.Register(DependencyDirectory);
                    else CoreClrDependencyResolver.Register(DependencyDirectory);
                }
            }
            // Bind the engine now: a broken install fails at Import-Module with the missing file named, not at the
            // first cmdlet call, and the binding is kept for the process even after a Remove-Module elsewhere.
            LoadEngine();
        }

        public static void Detach()
        {
            lock (Gate)
            {
                if (_imports == 0 || --_imports > 0) return;
                if (IsNetFramework) NetFrameworkDependencyResolver.Unregister();
                else CoreClrDependencyResolver.Unregister();
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void LoadEngine() => GC.KeepAlive(typeof(Client.CcClientOptions));

        /// <summary>The file in <paramref name="directory"/> for <paramref name="name"/>, or null when we ship none.</summary>
        internal static string? FileFor(string directory, AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name)) return null;
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
