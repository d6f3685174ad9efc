import CatalogService
import ServiceRuntime

/// `catalog`: payment links, public checkout data, uploads. Configuration: `CATALOG_*`, `PAYLINKS_INTERNAL_KEY`.
@main
enum Entrypoint {
    static func main() async {
        await ServiceRuntime.main(name: CatalogService.name, defaultPort: CatalogService.defaultPort) { environment in
            try CatalogService.make(environment)
        }
    }
}
