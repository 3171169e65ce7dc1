using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace VmemmapPS;

/// <summary>
/// Resolves third-party assemblies from bin/dependencies (the PSResourceGet ModuleInitAndCleanup pattern).
/// Other modules (powershell-yaml, platyPS) load their own YamlDotNet into the default load context; on pwsh 7
/// ours goes into a private AssemblyLoadContext so both versions live side by side. Windows PowerShell has no
/// load contexts, so there it falls back to LoadFrom.
/// </summary>
public sealed class ModuleInitAndCleanup : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string DependencyFolder = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitAndCleanup).Assembly.Location) ?? string.Empty, "dependencies");

    private static readonly Lazy<Dictionary<string, string>> Dependencies = new(ScanDependencies);

    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<AssemblyLoadContextProxy?> LoadContext =
        new(() => AssemblyLoadContextProxy.TryCreate("VmemmapPS-dependencies"));

    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

    private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        if (requested.Name is null || !Dependencies.Value.TryGetValue(requested.Name, out string? path))
        {
            return null;
        }

        // Only hand out what we ship: a request for a newer version than ours is someone else's problem.
        AssemblyName shipped = AssemblyName.GetAssemblyName(path);
        if (requested.Version is not null && shipped.Version is not null && requested.Version > shipped.Version)
        {
            return null;
        }

        return Loaded.GetOrAdd(path, p => LoadContext.Value is { } context ? context.LoadFromAssemblyPath(p) : Assembly.LoadFrom(p));
    }

    private static Dictionary<string, string> ScanDependencies()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(DependencyFolder))
        {
            foreach (string file in Directory.GetFiles(DependencyFolder, "*.dll"))
            {
                map[Path.GetFileNameWithoutExtension(file)] = file;
            }
        }

        return map;
    }
}
