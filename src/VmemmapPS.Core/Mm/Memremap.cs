using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Mm;

/// <summary>memremap_pages / pagemap_range / memunmap_pages (mm/memremap.c).</summary>
internal abstract partial class GenericMm : KernelPageTables
{
    /// <summary>
    /// mirrors memremap_pages (mm/memremap.c, v5.8+): pagemap_range, with the pgmap registered (pgmap_array) only
    /// when it succeeds; a failed range is erased again, as the kernel's error path does.
    /// </summary>
    public (int Errno, string? Function) MemremapPages(DeviceState dev)
    {
        // not in memremap.c: remember which device used these pfns, so what a failure leaves behind has an owner.
        DeviceHistory.Set(PfnOf(dev.RangeStart), PfnOf(dev.RangeStart + dev.RangeSize), dev.Name);
        (int errno, string? function) = PagemapRange(dev);
        if (errno == 0)
        {
            Devices.Add(dev);
        }
        else
        {
            MemremapPagesFailed(dev);
        }

        return (errno, function);
    }

    /// <summary>
    /// mirrors pagemap_range (v5.10+, memremap_pages before): DEVICE_PRIVATE -> add_pages (no linear map), every
    /// other type -> arch_add_memory with params.altmap = pgmap_altmap(pgmap). The error paths undo the pgmap and
    /// resource bookkeeping only, so sections added by __add_pages before a failing chunk stay behind.
    /// </summary>
    public (int Errno, string? Function) PagemapRange(DeviceState dev)
    {
        if (dev.Type == DeviceType.Private)
        {
            int rc = AddPages(dev.Node, PfnOf(dev.RangeStart), dev.RangeSize >> G.PageShift, dev.Altmap);
            return (rc, rc == 0 ? null : "__add_pages");
        }

        return WithPopulatingPgmap(dev, () => ArchAddMemory(dev.Node, dev.RangeStart, dev.RangeSize, dev.Altmap));
    }

    /// <summary>
    /// mirrors memunmap_pages: DEVICE_PRIVATE -> __remove_pages(pfn, nr, NULL); else arch_remove_memory with
    /// pgmap_altmap; then WARN_ONCE(pgmap->altmap.alloc, "failed to free all reserved pages").
    /// </summary>
    public void MemunmapPages(DeviceState dev)
    {
        if (dev.Type == DeviceType.Private)
        {
            RemovePages(PfnOf(dev.RangeStart), dev.RangeSize >> G.PageShift, null);
        }
        else
        {
            ArchRemoveMemory(dev.RangeStart, dev.RangeSize, dev.Altmap);
        }

        WarnAltmapNotFreed(dev);
    }

    /// <summary>
    /// mirrors memremap_pages after a failed pagemap_range, from the multi-range rework (MemremapMultiRange,
    /// v5.10): it calls memunmap_pages with pgmap->nr_range = the ranges mapped before the failure, none for a
    /// single range, so nothing is unmapped and only the closing WARN_ONCE runs. It fires when sections that
    /// __add_pages added before the failing chunk took altmap pages (they are not torn down). v5.9's
    /// single-range error path ends without it.
    /// </summary>
    public void MemremapPagesFailed(DeviceState dev)
    {
        if (P.Has(KernelSwitch.MemremapMultiRange))
        {
            WarnAltmapNotFreed(dev);
        }
    }

    // memunmap_pages' last line: WARN_ONCE(pgmap->altmap.alloc, "failed to free all reserved pages").
    private void WarnAltmapNotFreed(DeviceState dev)
    {
        if (dev.Altmap is VmemAltmap altmap && altmap.Alloc != 0)
        {
            Warnings.WarnOnce("memunmap_pages", "pgmap->altmap.alloc", PaOf(altmap.BasePfn), Actor,
                $"failed to free all reserved pages (altmap alloc = {(long)altmap.Alloc})");
        }
    }

    /// <summary>mirrors devm_memremap_pages_release (mm/memremap.c): the driver lets go, memunmap_pages runs and the
    /// device's pgmap is gone from the machine.</summary>
    public void DevmMemremapPagesRelease(DeviceState dev)
    {
        MemunmapPages(dev);
        Devices.Remove(dev);
    }

    /// <summary>Not in the kernel: a device whose driver already let go (a failed kmem reconfigure) leaves the machine.</summary>
    public void ForgetDevice(DeviceState dev) => Devices.Remove(dev);
}
